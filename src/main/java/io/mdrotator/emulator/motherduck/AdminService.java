package io.mdrotator.emulator.motherduck;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The emulated Admin API procedures: auth, validation, state change, reply body. */
final class AdminService {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private final EmulatorState state;
  private final EmulatorOptions options;

  AdminService(EmulatorState state, EmulatorOptions options) {
    this.state = state;
    this.options = options;
  }

  /** Handles a routed request; never throws {@link ApiError.Failure} (renders it instead). */
  ApiReply handle(Route route, String authorization, String body) {
    try {
      switch (state.authenticate(authorization)) {
        case INVALID -> throw ApiError.unauthorized().fail();
        case NON_ADMIN -> throw ApiError.forbidden().fail();
        case ADMIN -> { }
      }
      return ApiReply.json(200, dispatch(route, body));
    } catch (ApiError.Failure f) {
      return f.error.toReply(route.procedure());
    }
  }

  private String dispatch(Route route, String body) {
    return switch (route.endpoint()) {
      case MotherDuckEmulator.CREATE_SERVICE_ACCOUNT -> {
        String u = state.createAccount(Validation.username(Validation.object(body), options.minUsernameLength()));
        yield MAPPER.createObjectNode().put("username", u).toString();
      }
      case MotherDuckEmulator.DELETE_SERVICE_ACCOUNT ->
          MAPPER.createObjectNode().put("username", state.deleteAccount(route.username())).toString();
      case MotherDuckEmulator.LIST_TOKENS -> listTokens(route.username());
      case MotherDuckEmulator.CREATE_TOKEN -> {
        // zod validates the input before the procedure looks at the target user
        Validation.TokenSpec spec = Validation.token(Validation.object(body), options.minTtlSeconds());
        state.requireServiceAccount(route.username());
        StoredToken t = state.createToken(route.username(), spec);
        yield MAPPER.createObjectNode().put("token", t.secret().reveal()).setAll(tokenJson(t)).toString();
      }
      case MotherDuckEmulator.REVOKE_TOKEN -> {
        requireUuid(route.tokenId());
        state.revokeToken(route.username(), route.tokenId());
        yield "{}";
      }
      case MotherDuckEmulator.GET_DUCKLINGS -> DucklingRules.json(state.ducklings(route.username()));
      case MotherDuckEmulator.SET_DUCKLINGS -> {
        JsonNode parsed = Validation.object(body);
        yield DucklingRules.json(state.updateDucklings(route.username(), cur -> DucklingRules.apply(parsed, cur, options)));
      }
      default -> throw new IllegalStateException("unrouted endpoint " + route.endpoint());
    };
  }

  private String listTokens(String username) {
    ObjectNode out = MAPPER.createObjectNode();
    ArrayNode arr = out.putArray("tokens");
    state.liveTokens(username).forEach(t -> arr.add(tokenJson(t)));
    return out.toString();
  }

  private static ObjectNode tokenJson(StoredToken t) {
    ObjectNode n = MAPPER.createObjectNode().put("id", t.id()).put("name", t.name());
    t.expiresAt().ifPresent(e -> n.put("expire_at", rfc3339(e)));
    return n.put("created_ts", rfc3339(t.createdAt()))
        .put("read_only", t.info().readOnly())
        .put("token_type", t.type().wire());
  }

  static String rfc3339(Instant i) {
    return DateTimeFormatter.ISO_INSTANT.format(i);
  }

  private static void requireUuid(String id) {
    try {
      UUID.fromString(id);
      if (id.length() == 36) {
        return;
      }
    } catch (IllegalArgumentException e) {
      // falls through to the 400 below
    }
    throw ApiError.badRequest("token_id", "invalid_string", "Invalid uuid").fail();
  }
}
