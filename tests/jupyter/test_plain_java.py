"""The toolkit from plain Java, as README's "Use from Java" tells: install it with Maven, build the small project
under tests/plain-java against the installed artifact (its own Maven build, in its own local repository), run it
with and without the JVM flags, and check that README shows that very project."""
import os
import re
import shutil
import subprocess
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
PROJECT = os.path.join(ROOT, "tests", "plain-java")
TEST_LIBRARIES = ("junit", "opentest4j", "hamcrest", "assertj", "apiguardian")


class PlainJavaTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        work = os.environ["BACKPROP4J_TEST_WORK"]
        cls.project = os.path.join(work, "plain-java")
        shutil.copytree(PROJECT, cls.project)
        java_home = os.path.dirname(os.path.dirname(os.environ["BACKPROP4J_TEST_JAVA"]))
        cls.env = dict(os.environ, JAVA_HOME=java_home, PATH=os.path.join(java_home, "bin") + os.pathsep
                       + os.environ["PATH"])
        # A local repository of its own, reading the user's as a read-only tail: the test installs nothing there.
        cls.maven = [os.path.join(ROOT, "mvnw"), "-B", "-ntp", "-q",
                     "-Dmaven.repo.local=" + os.path.join(work, "m2"),
                     "-Dmaven.repo.local.tail=" + os.path.expanduser("~/.m2/repository")]
        cls.run_maven(ROOT, "-pl", ".,toolkit", "install", "-DskipTests", "-Dmaven.javadoc.skip")
        cls.run_maven(cls.project, "package", "dependency:build-classpath", "-Dmdep.includeScope=runtime",
                      "-Dmdep.outputFile=classpath.txt")
        with open(os.path.join(cls.project, "classpath.txt")) as f:
            cls.classpath = f.read().strip()

    @classmethod
    def run_maven(cls, folder, *args):
        done = subprocess.run(cls.maven + list(args), cwd=folder, env=cls.env, capture_output=True, text=True,
                              timeout=900)
        if done.returncode != 0:
            raise AssertionError("mvnw %s failed in %s:\n%s%s" % (" ".join(args), folder, done.stdout, done.stderr))

    def java(self, *flags):
        java = os.environ["BACKPROP4J_TEST_JAVA"]
        cp = os.path.join(self.project, "target", "classes") + os.pathsep + self.classpath
        return subprocess.run([java] + list(flags) + ["-cp", cp, "demo.Moons"], cwd=self.project,
                              capture_output=True, text=True, timeout=300)

    def test_no_test_library_reaches_a_users_class_path(self):
        jars = [os.path.basename(j) for j in self.classpath.split(os.pathsep)]
        self.assertIn("backprop4j-toolkit-0.1.0-SNAPSHOT.jar", jars)
        self.assertEqual([], [j for j in jars if j.startswith(TEST_LIBRARIES)])

    def test_the_program_trains_and_saves_its_chart_with_the_flags(self):
        done = self.java("--add-opens=java.base/java.nio=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                         "--enable-native-access=ALL-UNNAMED")
        self.assertEqual(0, done.returncode, done.stderr)
        m = re.search(r"loss ([\d.]+) -> ([\d.]+)", done.stdout)
        self.assertIsNotNone(m, done.stdout)
        self.assertLess(float(m.group(2)), float(m.group(1)) * 0.8, "the loss goes down")
        with open(os.path.join(self.project, "loss.png"), "rb") as f:
            self.assertTrue(f.read(8).startswith(b"\x89PNG"))
        self.assertNotIn("SLF4J", done.stderr, "no 'no providers' warning")
        self.assertNotIn("WARNING", done.stderr, "the flags silence the JDK's warnings")

    def test_without_the_add_opens_flag_the_error_names_it(self):
        done = self.java()
        self.assertNotEqual(0, done.returncode)
        self.assertIn("DataException", done.stderr)
        self.assertIn("moons.arrow: Apache Arrow cannot use its off-heap memory in this JVM: start java with "
                      "--add-opens=java.base/java.nio=ALL-UNNAMED", done.stderr)

    def test_readme_shows_this_project(self):
        with open(os.path.join(ROOT, "README.md")) as f:
            readme = f.read()
        self.assertIn("## Use from Java", readme)
        section = readme.split("## Use from Java", 1)[1].split("\n## ", 1)[0]
        blocks = re.findall(r"```(?:xml|java)\n(.*?)```", section, re.S)
        for name in ("pom.xml", os.path.join("src", "main", "java", "demo", "Moons.java")):
            with open(os.path.join(PROJECT, name)) as f:
                self.assertIn(f.read(), blocks, "README's block differs from tests/plain-java/" + name)


if __name__ == "__main__":
    unittest.main()
