/**
 * The embedded HTTP server (Javalin 7 on Jetty 12): creation, error mapping, JSON, bounded request
 * bodies, the fast webhook routes on Jetty's core handler API, and the request-observation hook
 * every request passes.
 */
package io.stockbridge.http;
