/** Coordination of several nodes through the shared database: leader leases. */
package io.stockbridge.cluster;
