package io.mdrotator.document;

/** A file that cannot be read as a single, safe YAML document; carries where it went wrong. */
public final class DocumentException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient Location location;

  public DocumentException(Location location, String message) {
    super(message);
    this.location = location;
  }

  public Location location() {
    return location;
  }
}
