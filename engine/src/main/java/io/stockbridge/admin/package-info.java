/**
 * The admin HTTP API (events, replay, dead letters, pauses), health checks and the OpenAPI
 * document.
 */
package io.stockbridge.admin;
