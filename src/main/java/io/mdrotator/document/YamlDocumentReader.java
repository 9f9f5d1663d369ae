package io.mdrotator.document;

import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Reads one YAML document into a {@link LocatedDocument}, defensively: anchors and aliases (so no
 * billion laughs), duplicate keys, several documents, nesting deeper than {@value #MAX_DEPTH},
 * files over {@value #MAX_CHARS} characters and binary values are all rejected with a location.
 * Thread-safe.
 */
public final class YamlDocumentReader {
  public static final int MAX_DEPTH = 24;
  public static final int MAX_CHARS = 1 << 20;
  private static final int MAX_STRING = 64 * 1024;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final YAMLMapper mapper;

  public YamlDocumentReader() {
    LoadSettings load =
        LoadSettings.builder()
            .setAllowDuplicateKeys(false)
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(10)
            .setCodePointLimit(MAX_CHARS)
            // The default schema (JSON), resolving each distinct plain scalar once per parse.
            .setSchema(new RememberingSchema(LoadSettings.builder().build().getSchema()))
            .build();
    YAMLFactory factory =
        YAMLFactory.builder()
            .loadSettings(load)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH + 2)
                    .maxDocumentLength(MAX_CHARS)
                    .maxNumberLength(100)
                    .maxStringLength(MAX_STRING)
                    .maxNameLength(1024)
                    .build())
            .build();
    this.mapper = new YAMLMapper(factory);
  }

  /** Parses {@code text}; throws with the location of the first problem. */
  public LocatedDocument read(String text) throws DocumentException {
    if (text.length() > MAX_CHARS) {
      throw new DocumentException(Location.START, "file is larger than " + MAX_CHARS + " characters");
    }
    Builder b = new Builder();
    try (JsonParser p = mapper.createParser(text)) {
      b.parser = p;
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new DocumentException(Location.START, "file is empty (expected a YAML mapping)");
      }
      JsonNode root = b.value(null, null, 0, 0, 0);
      if (p.nextToken() != null) {
        throw new DocumentException(b.here(), "only one YAML document is allowed per file");
      }
      return new LocatedDocument(root, b.root, b.hugeNumbers);
    } catch (JacksonException e) {
      throw YamlErrors.translate(e, text, b.here());
    } catch (RuntimeException | StackOverflowError e) {
      // snakeyaml-engine may throw its own unchecked exceptions; report them where we stopped.
      throw new DocumentException(b.here(), "invalid YAML: " + YamlErrors.firstLine(String.valueOf(e.getMessage())));
    }
  }

  private static final class Builder {
    JsonParser parser;
    LocationTree root;
    /** Whether a number {@link HugeNumbers} reports was read. */
    boolean hugeNumbers;
    /** The path to the value being read, a key (String) or an index (Integer) per level: for messages. */
    final List<Object> path = new ArrayList<>();
    /** Where the last token with a position starts, as the parser numbers it. */
    int lastLine = 1;
    int lastColumn = 1;

    Location here() {
      return new Location(lastLine, lastColumn);
    }

    /** Moves {@link #here} to the current token, when it has a position. */
    void markToken() {
      TokenStreamLocation l = parser.currentTokenLocation();
      if (l != null && l.getLineNr() >= 1) {
        lastLine = l.getLineNr();
        lastColumn = l.getColumnNr();
      }
    }

    /** The JSON Pointer of the value being read. */
    String pointer() {
      return Pointers.of(path);
    }

    /**
     * Reads the value at the current token and records where it is written under {@code parent}
     * (as entry {@code name}, its key at {@code keyLine}:{@code keyColumn}; as the next item when
     * {@code name} is null; as the root when {@code parent} is null).
     */
    JsonNode value(LocationTree parent, String name, int keyLine, int keyColumn, int depth) throws DocumentException {
      markToken();
      int line = lastLine;
      int column = lastColumn;
      rejectAnchorsAndAliases();
      JsonToken t = parser.currentToken();
      LocationTree located = LocationTree.of(line, column, keyLine, keyColumn, t == JsonToken.START_OBJECT);
      if (parent == null) {
        root = located;
      } else if (name != null) {
        parent.addEntry(name, located);
      } else {
        parent.addItem(located);
      }
      if (t == null) {
        throw new DocumentException(here(), "unexpected end of file");
      }
      switch (t) {
        case START_OBJECT:
          return object(located, depth + 1);
        case START_ARRAY:
          return array(located, depth + 1);
        case VALUE_STRING:
          return NODES.stringNode(parser.getString());
        case VALUE_NUMBER_INT:
          return number(NODES.numberNode(parser.getBigIntegerValue()));
        case VALUE_NUMBER_FLOAT:
          return number(NODES.numberNode(parser.getDecimalValue()));
        case VALUE_TRUE:
          return NODES.booleanNode(true);
        case VALUE_FALSE:
          return NODES.booleanNode(false);
        case VALUE_NULL:
          return NODES.nullNode();
        default:
          throw new DocumentException(here(), "unsupported YAML value (" + t + ")");
      }
    }

    private JsonNode number(JsonNode n) {
      hugeNumbers |= HugeNumbers.tooLarge(n);
      return n;
    }

    /** Rejects the current token (at {@link #here}) if it is an alias or carries an anchor. */
    private void rejectAnchorsAndAliases() throws DocumentException {
      if (parser instanceof YAMLParser y) {
        if (y.isCurrentAlias()) {
          throw new DocumentException(here(), "YAML aliases (*name) are not allowed");
        }
        if (y.getObjectId() != null) {
          throw new DocumentException(here(), "YAML anchors (&name) are not allowed");
        }
      }
    }

    /** A mapping whose start is {@link #here}. */
    private ObjectNode object(LocationTree located, int depth) throws DocumentException {
      checkDepth(depth);
      ObjectNode node = NODES.objectNode();
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        markToken();
        int keyLine = lastLine;
        int keyColumn = lastColumn;
        if (node.has(name)) {
          throw new DocumentException(here(), "duplicate key '" + name + "' in " + Pointers.dotted(pointer()));
        }
        parser.nextToken();
        path.add(name);
        node.set(name, value(located, name, keyLine, keyColumn, depth));
        path.remove(path.size() - 1);
      }
      if (parser.currentToken() != JsonToken.END_OBJECT) {
        throw new DocumentException(here(), "unexpected end of file inside a mapping");
      }
      return node;
    }

    /** A list whose start is {@link #here}. */
    private ArrayNode array(LocationTree located, int depth) throws DocumentException {
      checkDepth(depth);
      ArrayNode node = NODES.arrayNode();
      int i = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        if (parser.currentToken() == null) {
          throw new DocumentException(here(), "unexpected end of file inside a list");
        }
        path.add(i++);
        node.add(value(located, null, 0, 0, depth));
        path.remove(path.size() - 1);
      }
      return node;
    }

    private void checkDepth(int depth) throws DocumentException {
      if (depth > MAX_DEPTH) {
        throw new DocumentException(here(), "nesting deeper than " + MAX_DEPTH + " levels");
      }
    }
  }
}
