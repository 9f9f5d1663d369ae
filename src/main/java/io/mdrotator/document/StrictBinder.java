package io.mdrotator.document;

import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Binds a schema-checked tree to records with every Jackson strictness switch on (unknown keys,
 * missing required creator properties, null primitives, scalar coercions). A second net behind the
 * schema: a failure here is reported at the location of the path Jackson names.
 */
public final class StrictBinder {
  private final JsonMapper mapper =
      JsonMapper.builder()
          .enable(
              DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
              DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
              DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .withCoercionConfig(
              LogicalType.Textual,
              c -> {
                c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
                c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
                c.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
              })
          .withCoercionConfig(
              LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
          .withCoercionConfig(
              LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
          .withCoercionConfig(
              LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
          .build();

  /** Thrown when binding fails; carries a located problem. */
  public static final class BindingException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    BindingException(Problem problem) {
      super(problem.format());
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }

  public <T> T bind(Path file, LocatedDocument doc, Class<T> type) throws BindingException {
    try {
      return mapper.treeToValue(doc.root(), type);
    } catch (JacksonException e) {
      String pointer = "";
      for (JacksonException.Reference r : e.getPath()) {
        pointer =
            r.getPropertyName() != null
                ? Pointers.child(pointer, r.getPropertyName())
                : Pointers.child(pointer, r.getIndex());
      }
      Location at = doc.keyAt(pointer);
      String msg = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
      int nl = msg.indexOf('\n');
      msg = nl < 0 ? msg : msg.substring(0, nl);
      throw new BindingException(
          new Problem(file, at.line(), at.column(), Severity.ERROR, Pointers.dotted(pointer) + ": " + msg));
    }
  }
}
