package io.mdrotator.rotation;

import io.mdrotator.port.MotherDuckApi;
import io.mdrotator.port.MotherDuckApiException;
import io.mdrotator.port.MotherDuckNotFoundException;
import io.mdrotator.port.TokenInfo;
import io.mdrotator.policy.AccountPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists an account's tokens, creating the account first when the policy says {@code ensureExists}
 * and MotherDuck does not know it. Several slots of one account run at once, so two of them can
 * both see "not found" and both create: the loser's 400/409 ("already exists") means the account
 * exists, which is what was wanted. It is confirmed by listing again, never assumed from the text.
 */
final class AccountTokens {
  private final MotherDuckApi md;

  AccountTokens(MotherDuckApi md) {
    this.md = md;
  }

  List<TokenInfo> list(AccountPolicy account, boolean mayCreate) {
    try {
      return new ArrayList<>(md.listTokens(account.username()));
    } catch (MotherDuckNotFoundException e) {
      if (!mayCreate || !account.ensureExists()) {
        throw e;
      }
      create(account.username());
      return new ArrayList<>(md.listTokens(account.username()));
    }
  }

  /**
   * For a retired slot: the account's tokens, none when MotherDuck does not know the account (it is
   * never created for a retirement).
   */
  List<TokenInfo> listIfExists(AccountPolicy account) {
    try {
      return new ArrayList<>(md.listTokens(account.username()));
    } catch (MotherDuckNotFoundException e) {
      return new ArrayList<>();
    }
  }

  private void create(String username) {
    try {
      md.createServiceAccount(username);
    } catch (MotherDuckApiException e) {
      if (e.status() != 400 && e.status() != 409) {
        throw e;
      }
      try {
        md.listTokens(username); // created by a racing slot (or process): exists now
      } catch (RuntimeException stillMissing) {
        e.addSuppressed(stillMissing);
        throw e;
      }
    }
  }
}
