package io.stockbridge.fanout;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which outbound webhook targets are allowed (SSRF): every address the host resolves to must be
 * public, unless it falls in an explicitly allowed network (CIDR). Loopback, link-local, private
 * (RFC 1918, unique-local IPv6), carrier-grade NAT, unspecified and multicast addresses are
 * refused; a name is refused when any of its addresses is. Redirects are never followed (the
 * sender's HTTP client says so). Immutable and thread-safe.
 */
public final class OutboundPolicy {
  /** Resolves a host name (tests pass one that answers a private address). */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final List<byte[][]> allowed = new ArrayList<>(); // {network, mask}
  private final Resolver resolver;

  public OutboundPolicy(List<String> allowNetworks, Resolver resolver) {
    this.resolver = resolver;
    for (String cidr : allowNetworks) {
      allowed.add(parse(cidr));
    }
  }

  public static OutboundPolicy of(List<String> allowNetworks) {
    return new OutboundPolicy(allowNetworks, InetAddress::getAllByName);
  }

  /** Why {@code url} is refused, or null when it may be called. */
  public String refusal(URI url) {
    String scheme =
        url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "only http and https targets are allowed";
    }
    String host = url.getHost();
    if (host == null || host.isEmpty()) {
      return "the URL names no host";
    }
    try {
      addresses(host);
      return null;
    } catch (Refused e) {
      return e.getMessage();
    }
  }

  /**
   * Resolves {@code host} once and returns its addresses when every one of them may be called: the
   * addresses to connect to, so that the address checked is the address connected to (a name
   * resolved again at connect time could answer otherwise: DNS rebinding).
   *
   * @throws Refused why not, when the host does not resolve or any address is refused
   */
  public List<InetAddress> addresses(String host) throws Refused {
    InetAddress[] addresses;
    try {
      addresses =
          resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
    } catch (UnknownHostException e) {
      throw new Refused("host " + host + " does not resolve");
    }
    if (addresses == null || addresses.length == 0) {
      throw new Refused("host " + host + " does not resolve");
    }
    for (InetAddress address : addresses) {
      String kind = restricted(address);
      if (kind != null && !isAllowed(address)) {
        throw new Refused(
            "host "
                + host
                + " resolves to "
                + kind
                + " address "
                + address.getHostAddress()
                + " (allow its network in allowNetworks to call it)");
      }
    }
    return List.of(addresses);
  }

  /** A target the policy refuses (an I/O failure to the HTTP client that was about to connect). */
  public static final class Refused extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    Refused(String why) {
      super(why);
    }
  }

  /** The kind of a non-public address, or null when it is public. */
  static String restricted(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return "a loopback";
    }
    if (address.isLinkLocalAddress()) {
      return "a link-local";
    }
    if (address.isSiteLocalAddress()) {
      return "a private";
    }
    if (address.isAnyLocalAddress()) {
      return "an unspecified";
    }
    if (address.isMulticastAddress()) {
      return "a multicast";
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      if (first == 100 && second >= 64 && second < 128) {
        return "a carrier-grade NAT";
      }
      if (first == 0 || first >= 240) {
        return "a reserved";
      }
    }
    if (address instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) {
        return "a unique-local";
      }
      if (isMappedV4(b)) {
        try {
          return restricted(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
        } catch (UnknownHostException e) {
          return "an invalid";
        }
      }
    }
    return null;
  }

  private static boolean isMappedV4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }

  private boolean isAllowed(InetAddress address) {
    byte[] bytes = address.getAddress();
    for (byte[][] network : allowed) {
      if (network[0].length != bytes.length) {
        continue;
      }
      boolean match = true;
      for (int i = 0; i < bytes.length; i++) {
        if ((bytes[i] & network[1][i]) != (network[0][i] & network[1][i])) {
          match = false;
          break;
        }
      }
      if (match) {
        return true;
      }
    }
    return false;
  }

  private static byte[][] parse(String cidr) {
    String[] parts = cidr.split("/", 2);
    byte[] network;
    try {
      network = InetAddress.getByName(parts[0]).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not a network: " + cidr, e);
    }
    int bits = Integer.parseInt(parts[1]);
    if (bits < 0 || bits > network.length * 8) {
      throw new IllegalArgumentException("prefix out of range: " + cidr);
    }
    byte[] mask = new byte[network.length];
    for (int i = 0; i < mask.length; i++) {
      int take = Math.max(0, Math.min(8, bits - i * 8));
      mask[i] = (byte) (take == 0 ? 0 : 0xff << (8 - take));
    }
    return new byte[][] {network, mask};
  }
}
