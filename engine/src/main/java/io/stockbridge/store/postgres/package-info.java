/** The PostgreSQL engine: several nodes share one database (SKIP LOCKED claims, shared budgets). */
package io.stockbridge.store.postgres;
