package org.backprop4j.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Marching squares on functions whose level sets are known exactly. */
class ContoursTest {
    private static final double[] AXIS = Contours.grid("x", -2, 2, 81);

    @Test
    void aCircleIsOneClosedLineOnItsRadius() {
        double[][] z = Contours.sample((x, y) -> x * x + y * y, -2, 2, -2, 2, 81, 81);
        List<Contours.Line> lines = Contours.lines(AXIS, AXIS, z, 1);
        assertThat(lines).hasSize(1);
        Contours.Line circle = lines.getFirst();
        assertThat(circle.closed()).isTrue();
        assertThat(circle.level()).isEqualTo(1);
        // Linear interpolation between grid points 0.05 apart misses the curve by at most h^2 / 8 / r, about 3e-4.
        for (int k = 0; k < circle.x().length; k++) {
            assertThat(Math.hypot(circle.x()[k], circle.y()[k])).isCloseTo(1, within(1e-3));
        }
        // The line goes once around: each grid column crossing the circle gives a top and a bottom point.
        assertThat(circle.x().length - 1).isBetween(4 * 40 - 8, 4 * 40 + 8);
    }

    @Test
    void aPlaneGivesOneStraightOpenLineFromBorderToBorder() {
        double[][] z = Contours.sample((x, y) -> x, -2, 2, -2, 2, 81, 81);
        List<Contours.Line> lines = Contours.lines(AXIS, AXIS, z, 0.52);
        assertThat(lines).hasSize(1);
        Contours.Line line = lines.getFirst();
        assertThat(line.closed()).isFalse();
        for (double x : line.x()) {
            assertThat(x).isCloseTo(0.52, within(1e-12));
        }
        double[] ends = {line.y()[0], line.y()[line.y().length - 1]};
        assertThat(Math.min(ends[0], ends[1])).isEqualTo(-2);
        assertThat(Math.max(ends[0], ends[1])).isEqualTo(2);
        assertThat(line.y().length).isEqualTo(81);
    }

    @Test
    void twoBumpsGiveTwoLinesAndLevelsOutsideTheRangeNone() {
        double[][] z = Contours.sample((x, y) -> Math.min(Math.hypot(x - 1, y), Math.hypot(x + 1, y)),
                -2, 2, -2, 2, 81, 81);
        List<Contours.Line> lines = Contours.lines(AXIS, AXIS, z, 0.5);
        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l.closed()).isTrue());
        assertThat(lines.stream().mapToDouble(l -> Math.signum(l.x()[0])).sum()).isEqualTo(0);
        assertThat(Contours.lines(AXIS, AXIS, z, 100)).isEmpty();
        assertThat(Contours.lines(AXIS, AXIS, z, -1)).isEmpty();
    }

    @Test
    void aSaddleCellIsResolvedByItsCentre() {
        double[] axis = {0, 1};
        // Corners a (0,0) = 1, b (1,0) = 0, c (1,1) = 1, d (0,1) = 0: the centre 0.5 is above 0.4, so a and c
        // connect through it and the lines cut off the low corners b and d.
        double[][] z = {{1, 0}, {0, 1}};
        List<Contours.Line> above = Contours.lines(axis, axis, z, 0.4);
        assertThat(above).hasSize(2);
        for (Contours.Line l : above) {
            double cx = (l.x()[0] + l.x()[1]) / 2;
            double cy = (l.y()[0] + l.y()[1]) / 2;
            assertThat(cx + cy).as("each cut lies near corner b (1,0) or d (0,1)").isCloseTo(1, within(1e-12));
        }
        // Below the centre (0.6 > 0.5) b and d connect instead, and the lines cut off a and c.
        for (Contours.Line l : Contours.lines(axis, axis, z, 0.6)) {
            double cx = (l.x()[0] + l.x()[1]) / 2;
            double cy = (l.y()[0] + l.y()[1]) / 2;
            assertThat(cx).as("each cut lies on the diagonal from a (0,0) to c (1,1)").isCloseTo(cy, within(1e-12));
            assertThat(Math.abs(cx - 0.5)).as("and near a or c").isCloseTo(0.3, within(1e-12));
        }
    }

    @Test
    void cellsWithoutFiniteValuesAreLeftOut() {
        double[][] z = Contours.sample((x, y) -> x < 0 ? Double.NaN : x * x + y * y, -2, 2, -2, 2, 81, 81);
        List<Contours.Line> lines = Contours.lines(AXIS, AXIS, z, 1);
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst().closed()).isFalse();
        assertThat(java.util.Arrays.stream(lines.getFirst().x()).min().orElseThrow()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void levelsSpreadEvenlyOrCrowdTowardsTheMinimum() {
        double[][] z = {{0, 10}, {100, 1000}};
        assertThat(Contours.linearLevels(z, 4)).containsExactly(200, 400, 600, 800);
        assertThat(Contours.logLevels(z, 4, 3)).containsExactly(new double[] {1, 10, 100, 1000}, within(1e-9));
        assertThat(Contours.logLevels(z, 1, 2)).containsExactly(1000);
    }

    @Test
    void badGridsAndLevelsAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> Contours.lines(AXIS, AXIS, new double[3][81], 1)).hasMessage(
                "Contours.lines: z must be 81 rows (one per y) of 81 values (one per x), got 3 rows of 81");
        assertThatThrownBy(() -> Contours.lines(new double[] {0, 0}, AXIS, new double[81][2], 1)).hasMessage(
                "Contours.lines: the x axis must increase, but x[1] = 0.0 follows 0.0");
        assertThatThrownBy(() -> Contours.lines(AXIS, AXIS, new double[81][81], Double.NaN)).hasMessage(
                "Contours.lines: the level must be finite, got NaN");
        assertThatThrownBy(() -> Contours.sample((x, y) -> x, 1, 1, 0, 1, 5, 5)).hasMessage(
                "Contours: the x grid needs finite min < max and at least 2 points, got [1.0, 1.0] with 5");
        assertThatThrownBy(() -> Contours.linearLevels(new double[][] {{2, 2}}, 3)).hasMessage(
                "Contours: the grid needs at least two distinct finite values to choose levels, got only 2.0");
        assertThatThrownBy(() -> Contours.logLevels(new double[][] {{0, 1}}, 3, 0)).hasMessage(
                "Contours.logLevels: need n >= 1 and decades > 0, got n 3, decades 0.0");
    }
}
