/**
 * Authentication: admin API keys and roles, webhook HMAC and shared secrets, bearer tokens and
 * JWTs.
 */
package io.stockbridge.auth;
