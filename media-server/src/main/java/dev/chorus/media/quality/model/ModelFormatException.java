package dev.chorus.media.quality.model;

import java.io.IOException;

/** A model file that cannot be used: not a model file, another version or schema, or corrupt. */
public final class ModelFormatException extends IOException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
