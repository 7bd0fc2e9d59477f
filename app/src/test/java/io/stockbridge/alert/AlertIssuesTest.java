package io.stockbridge.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockbridge.event.NewWork;
import io.stockbridge.store.Issue;
import io.stockbridge.store.IssueStatus;
import io.stockbridge.testhelper.Eventually;
import io.stockbridge.testhelper.NodeFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node's alert evaluator: a dead letter opens an issue, the Overview lists the alert while
 * it fires, and an alert that fires again after its issue was resolved reopens it.
 */
class AlertIssuesTest {
  @TempDir Path dir;
  NodeFixture fixture;

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void a_dead_letter_opens_an_alert_issue_shown_on_the_overview_and_reopens_it_after_resolving() {
    fixture = new NodeFixture(dir, "alerts:\n  intervalSeconds: 1\n");
    long now = System.currentTimeMillis();
    // An item of a kind no handler takes goes dead at its first run.
    fixture
        .node
        .storage()
        .queue()
        .enqueue(List.of(new NewWork(null, "label.print", "k1", null, 5, now, 1, null)), now);
    Eventually.await(
        "the dead letter is seen",
        Duration.ofSeconds(20),
        () -> fixture.node.storage().queue().stats().dead() == 1);
    Alert expected = new Alert(AlertRules.DEAD_LETTERS, "label.print", "");
    String fingerprint = AlertEvaluator.fingerprint(expected);
    Eventually.await(
        "the alert opened its issue",
        Duration.ofSeconds(20),
        () -> fixture.node.storage().issues().find(fingerprint).isPresent());
    Issue issue = fixture.node.storage().issues().find(fingerprint).orElseThrow();
    assertThat(issue.flow()).isEqualTo(Alert.FLOW);
    assertThat(issue.store()).isEqualTo("label.print");
    assertThat(issue.status()).isEqualTo(IssueStatus.OPEN);
    assertThat(issue.sample()).contains("1 dead letter(s) in flow label.print");

    JsonNode alerts =
        fixture.http.get("/ui/api/overview?minutes=5", NodeFixture.viewer()).json().path("alerts");
    assertThat(alerts.size()).isEqualTo(1);
    assertThat(alerts.get(0).path("rule").asText()).isEqualTo(AlertRules.DEAD_LETTERS);
    assertThat(alerts.get(0).path("subject").asText()).isEqualTo("label.print");

    // Resolved while it still fires: the next evaluation reopens it.
    fixture
        .node
        .storage()
        .issues()
        .setStatus(fingerprint, IssueStatus.RESOLVED, "test", System.currentTimeMillis());
    Eventually.await(
        "the still-firing alert reopens its issue",
        Duration.ofSeconds(20),
        () ->
            fixture.node.storage().issues().find(fingerprint).orElseThrow().status()
                == IssueStatus.OPEN);

    // Redriven and gone dead again: still one alert for the flow.
    fixture
        .node
        .storage()
        .queue()
        .redrive(List.of(), "label.print", "test", System.currentTimeMillis());
    Eventually.await(
        "the alert keeps firing for the new dead letter",
        Duration.ofSeconds(20),
        () -> fixture.node.storage().queue().stats().dead() == 1);
    assertThat(
            fixture.node.alerts().evaluate().stream()
                .filter(a -> a.rule().equals(AlertRules.DEAD_LETTERS)))
        .hasSize(1);
  }
}
