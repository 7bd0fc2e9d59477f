package io.stockbridge.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SSRF policy for outbound webhooks: non-public targets refused unless allowed. */
class OutboundPolicyTest {
  private final OutboundPolicy strict = OutboundPolicy.of(List.of());

  @Test
  void loopback_private_link_local_and_reserved_addresses_are_refused() {
    for (String host :
        List.of(
            "127.0.0.1",
            "127.1.2.3",
            "10.0.0.5",
            "172.16.0.1",
            "172.31.255.254",
            "192.168.1.10",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "[::1]",
            "[fe80::1]",
            "[fc00::1]",
            "[fd12:3456::1]",
            "[::ffff:127.0.0.1]",
            "[::ffff:10.0.0.1]")) {
      assertThat(strict.refusal(URI.create("http://" + host + ":8080/hook"))).as(host).isNotNull();
    }
  }

  @Test
  void a_public_address_is_allowed() {
    assertThat(strict.refusal(URI.create("https://93.184.215.14/hook"))).isNull();
    assertThat(strict.refusal(URI.create("https://[2606:4700::1111]/hook"))).isNull();
  }

  @Test
  void a_name_resolving_to_loopback_is_refused() {
    // A real name from the machine's resolver: localhost answers a loopback address.
    assertThat(strict.refusal(URI.create("http://localhost:9/hook"))).contains("loopback");
  }

  @Test
  void a_name_any_of_whose_addresses_is_private_is_refused() {
    OutboundPolicy policy =
        new OutboundPolicy(
            List.of(),
            host -> {
              if (!host.equals("hooks.example.com")) {
                throw new UnknownHostException(host);
              }
              return new InetAddress[] {
                InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 215, 14}),
                InetAddress.getByAddress(host, new byte[] {10, 1, 2, 3})
              };
            });
    assertThat(policy.refusal(URI.create("https://hooks.example.com/x")))
        .contains("private address 10.1.2.3");
    assertThat(policy.refusal(URI.create("https://unknown.example.com/x"))).contains("resolve");
  }

  @Test
  void an_explicitly_allowed_network_may_be_called_and_only_that_one() {
    OutboundPolicy loopback = OutboundPolicy.of(List.of("127.0.0.0/8", "::1/128"));
    assertThat(loopback.refusal(URI.create("http://127.0.0.1:8080/hook"))).isNull();
    assertThat(loopback.refusal(URI.create("http://[::1]:8080/hook"))).isNull();
    assertThat(loopback.refusal(URI.create("http://10.0.0.1/hook"))).isNotNull();
    assertThat(loopback.refusal(URI.create("http://192.168.0.1/hook"))).isNotNull();
  }

  @Test
  void only_http_and_https_are_allowed() {
    assertThat(strict.refusal(URI.create("file:///etc/passwd"))).isNotNull();
    assertThat(strict.refusal(URI.create("gopher://93.184.215.14/"))).isNotNull();
  }
}
