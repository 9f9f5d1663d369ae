package io.mdrotator.vault;

import io.mdrotator.port.VaultPermissionDeniedException;
import io.mdrotator.port.VaultStoreException;
import io.github.jopenlibs.vault.Vault;
import io.mdrotator.port.ApiCallListener;
import io.mdrotator.secret.Secret;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's authenticated Vault session: holds the current token with fresh driver clients
 * (swapped atomically), logs in, renews at 2/3 of the TTL and logs in again when renewal is not
 * possible ({@link TokenRenewalPolicy}). A failed renewal or re-login is logged and the current
 * token is kept while it is valid; only an unusable token makes {@link #clients()} throw.
 */
public final class VaultSession {
  private static final Logger LOG = LoggerFactory.getLogger(VaultSession.class);

  /** A token and the driver clients built for it; immutable once published. */
  record Clients(Secret token, Vault raw, TokenState state) {
    Clients with(TokenState s) {
      return new Clients(token, raw, s);
    }
  }

  private final VaultConnection connection;
  private final VaultAuth auth;
  private final Clock clock;
  private final TokenCalls tokens;
  private final AtomicReference<Clients> current = new AtomicReference<>();
  private final ReentrantLock lock = new ReentrantLock();

  public VaultSession(VaultConnection connection, VaultAuth auth, Clock clock, ApiCallListener listener) {
    this.connection = connection;
    this.auth = auth;
    this.clock = clock;
    this.tokens = new TokenCalls(connection, new DriverCalls(listener));
  }

  /** Where Vault is, for requests sent through the driver's REST layer with a session token. */
  VaultConnection connection() {
    return connection;
  }

  /** Clients with a usable token; logs in, renews or re-logs in first when due. */
  Clients clients() {
    Clients c = current.get();
    if (c == null || TokenRenewalPolicy.decide(c.state(), clock.instant(), canLogin()) != TokenRenewalPolicy.Action.NONE) {
      maintain();
      c = current.get();
    }
    return c;
  }

  /**
   * Runs {@code op} with the session's clients; on a 403 with a login-capable auth method, logs in
   * again and runs it once more (Vault revoked or expired our token server-side). A 403 is answered
   * before anything is written, so repeating a write is safe.
   */
  <T> T withClients(Function<Clients, T> op) {
    Clients c = clients();
    try {
      return op.apply(c);
    } catch (VaultPermissionDeniedException e) {
      boolean again;
      try {
        again = reloginAfterDenied(c);
      } catch (VaultStoreException loginFailure) {
        loginFailure.addSuppressed(e);
        throw loginFailure;
      }
      if (!again) {
        throw e;
      }
      return op.apply(clients());
    }
  }

  /**
   * Called when Vault refused {@code refused}'s token with 403: a token revoked or expired
   * server-side still looks valid here. With AppRole or Kubernetes auth, logs in again (once per
   * refused token, whoever asks first) and returns true so the caller retries once; a static token
   * cannot be re-obtained, so false (the 403 stands). A failed login throws its own exception.
   */
  private boolean reloginAfterDenied(Clients refused) {
    if (!canLogin()) {
      return false;
    }
    lock.lock();
    try {
      if (current.get() == refused) {
        LOG.warn("Vault refused the current token (auth {}); logging in again", auth.method());
        current.set(login());
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Expiry of the current token; empty before the first login or for a non-expiring token. */
  public Optional<Instant> tokenExpiry() {
    Clients c = current.get();
    return c == null ? Optional.empty() : Optional.ofNullable(c.state().expiry());
  }

  /** Authentication method in use (token, approle, kubernetes). */
  public String authMethod() {
    return auth.method();
  }

  /** Does whatever the renewal policy says is due now. Safe to call from a scheduler. */
  public void maintain() {
    lock.lock();
    try {
      Clients c = current.get();
      if (c == null) {
        current.set(auth instanceof VaultAuth.Token t ? adopt(t.token()) : login());
        return;
      }
      switch (TokenRenewalPolicy.decide(c.state(), clock.instant(), canLogin())) {
        case RENEW -> renew(c);
        case LOGIN -> relogin(c);
        default -> { }
      }
    } finally {
      lock.unlock();
    }
  }

  private boolean canLogin() {
    return !(auth instanceof VaultAuth.Token);
  }

  private void renew(Clients c) {
    Instant now = clock.instant();
    try {
      TokenCalls.Grant r = tokens.renewSelf(c.token());
      long lease = r.leaseSeconds();
      // a lease shorter than the last one was capped by max TTL: further renewals cannot help
      boolean more = r.renewable() && c.state().lifetime() != null
          && lease + 1 >= c.state().lifetime().toSeconds();
      current.set(c.with(new TokenState(now, lease > 0 ? now.plusSeconds(lease) : null, more, null)));
      LOG.info("Vault token renewed (auth {}), lease {} s", auth.method(), lease);
    } catch (VaultStoreException e) {
      LOG.warn("Vault token renewal failed (auth {}); keeping the current token: {}", auth.method(), e.getMessage());
      current.set(c.with(c.state().withFailure(now)));
      if (e instanceof VaultPermissionDeniedException && canLogin()) {
        relogin(current.get());
      }
    }
  }

  private void relogin(Clients c) {
    try {
      current.set(login());
    } catch (VaultStoreException e) {
      Instant now = clock.instant();
      if (c.state().expiry() != null && !now.isBefore(c.state().expiry())) {
        throw e;
      }
      LOG.warn("Vault re-login failed (auth {}); keeping the current token: {}", auth.method(), e.getMessage());
      current.set(c.with(c.state().withFailure(now)));
    }
  }

  private Clients login() {
    Instant now = clock.instant();
    TokenCalls.Grant g = tokens.login(auth);
    LOG.info("Logged in to Vault (auth {}), lease {} s, renewable {}", auth.method(), g.leaseSeconds(), g.renewable());
    return new Clients(g.token(), connection.raw(g.token()), state(now, g));
  }

  /** Uses a given token: lookup-self tells its remaining TTL and whether it is renewable. */
  private Clients adopt(Secret token) {
    Instant now = clock.instant();
    return new Clients(token, connection.raw(token), state(now, tokens.lookupSelf(token)));
  }

  private static TokenState state(Instant now, TokenCalls.Grant g) {
    return new TokenState(now, g.leaseSeconds() > 0 ? now.plusSeconds(g.leaseSeconds()) : null, g.renewable(), null);
  }

  @Override
  public String toString() {
    return "VaultSession[" + connection.address() + ", auth=" + auth.method() + ", expiry=" + tokenExpiry().orElse(null) + "]";
  }
}
