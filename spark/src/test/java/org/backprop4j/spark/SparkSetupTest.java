package org.backprop4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkSetupTest {
    @Test
    void javaOlderThan25_0_3IsRefusedNamingTheVersionAndTheJvm() {
        assertThatThrownBy(() -> SparkSetup.requireSupportedJava(Runtime.Version.parse("25.0.2+10"),
                "the executor on host w1"))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageStartingWith("backprop4j-spark: the executor on host w1 runs Java 25.0.2+10, but Apache "
                        + "Spark 4.2 on Java 25 needs JDK 25.0.3 or newer");
        assertThatThrownBy(() -> SparkSetup.requireSupportedJava(Runtime.Version.parse("21.0.9"), "the driver"))
                .hasMessageContaining("runs Java 21.0.9");
    }

    @Test
    void java25_0_3AndNewerAreAccepted() {
        for (String v : new String[] {"25.0.3", "25.0.3+9-LTS", "25.0.10", "26", "27.0.1"}) {
            assertThatCode(() -> SparkSetup.requireSupportedJava(Runtime.Version.parse(v), "the driver"))
                    .as(v).doesNotThrowAnyException();
        }
        assertThatCode(SparkSetup::requireSupportedJava).as("the JVM running this test").doesNotThrowAnyException();
    }

    @Test
    void configureGivesExecutorsTheToolkitFlagsAndOneThreadPerTaskCore() {
        assertThat(SparkSetup.toolkitJvmFlags()).contains("--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "--add-modules jdk.incubator.vector").doesNotContain("${");
        SparkConf conf = SparkSetup.configure(new SparkConf(false).set("spark.task.cpus", "2")
                .set(SparkSetup.EXECUTOR_OPTIONS, "-Dmine=1 -Dbackprop4j.threads=4"));
        assertThat(conf.get(SparkSetup.EXECUTOR_OPTIONS)).isEqualTo(SparkSetup.toolkitJvmFlags()
                + " -Dbackprop4j.threads=2 -Dmine=1 -Dbackprop4j.threads=4");
        assertThat(SparkSetup.configure(new SparkConf(false)).get(SparkSetup.EXECUTOR_OPTIONS))
                .endsWith(" -Dbackprop4j.threads=1");
    }
}
