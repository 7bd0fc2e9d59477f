/** The embedded HTTP server: creation, error mapping, JSON and bounded request bodies. */
package io.stockbridge.http;
