package io.stockbridge.connector.brightpearl;

import io.stockbridge.config.Secret;
import java.net.http.HttpRequest;
import java.util.Objects;

/** How requests authenticate: an OAuth instance app or a private app. Immutable. */
public sealed interface BrightpearlAuth {
  /** Adds the auth headers to a request. */
  void apply(HttpRequest.Builder request);

  /** OAuth instance app: {@code Authorization: Bearer}, {@code brightpearl-app-ref}, dev-ref. */
  record OAuth(Secret accessToken, String appRef, String devRef) implements BrightpearlAuth {
    public OAuth {
      Objects.requireNonNull(accessToken, "accessToken");
      requireText(appRef, "appRef");
      requireText(devRef, "devRef");
    }

    @Override
    public void apply(HttpRequest.Builder request) {
      request
          .header("Authorization", "Bearer " + accessToken.reveal())
          .header("brightpearl-app-ref", appRef)
          .header("brightpearl-dev-ref", devRef);
    }
  }

  /** Private app: {@code brightpearl-app-ref} and {@code brightpearl-account-token}. */
  record PrivateApp(String appRef, Secret accountToken) implements BrightpearlAuth {
    public PrivateApp {
      requireText(appRef, "appRef");
      Objects.requireNonNull(accountToken, "accountToken");
    }

    @Override
    public void apply(HttpRequest.Builder request) {
      request
          .header("brightpearl-app-ref", appRef)
          .header("brightpearl-account-token", accountToken.reveal());
    }
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Brightpearl " + name + " is required");
    }
  }
}
