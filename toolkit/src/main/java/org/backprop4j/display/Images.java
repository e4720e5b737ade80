package org.backprop4j.display;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/** PNG encoding for the image renderers. */
final class Images {
    private Images() {
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("PNG: no ImageIO writer for PNG in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding of a " + image.getWidth() + "x" + image.getHeight()
                    + " image", e);
        }
        return out.toByteArray();
    }
}
