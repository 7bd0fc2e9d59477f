package io.stockbridge.fanout;

import io.stockbridge.testhelper.OnPostgres;

/**
 * Every webhook fan-out case on PostgreSQL (the outbox taken with {@code FOR UPDATE SKIP LOCKED}).
 */
@OnPostgres
class PostgresWebhookFanoutTest extends WebhookFanoutTest {
  @Override
  boolean postgres() {
    return true;
  }
}
