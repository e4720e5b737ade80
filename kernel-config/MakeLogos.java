import java.awt.*;
import java.awt.geom.*;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/** Draws logo-32x32.png and logo-64x64.png as logo-svg.svg shows them: java MakeLogos.java (from kernel-config/). */
public class MakeLogos {
    public static void main(String[] args) throws Exception {
        for (int size : new int[] {32, 64}) {
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.scale(size / 64.0, size / 64.0);
            g.setColor(new Color(0x0072B2));
            g.fill(new RoundRectangle2D.Double(2, 2, 60, 60, 24, 24));
            Path2D curve = new Path2D.Double();
            curve.moveTo(14, 46);
            curve.curveTo(24, 46, 26, 18, 36, 18);
            curve.curveTo(46, 18, 48, 30, 50, 30);
            g.setColor(new Color(0xE69F00));
            g.setStroke(new BasicStroke(4, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(curve);
            g.setColor(Color.WHITE);
            g.setFont(new Font("DejaVu Sans", Font.BOLD, 13));
            FontMetrics fm = g.getFontMetrics();
            g.drawString("bp4j", 32 - fm.stringWidth("bp4j") / 2f, 54);
            g.dispose();
            ImageIO.write(img, "png", new File("logo-" + size + "x" + size + ".png"));
        }
    }
}
