package dev.stagehand.core.internal.content;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Patterns the fuzzer found: each {@code **}{@code /} doubled the globs a pattern stood for, without end. */
class ContentPatternTest {

    @Test
    @Timeout(5)
    void repeatedAnyFolderPartsMeanOneAndCostNothing() {
        ContentPattern pattern = ContentPattern.parse("**/".repeat(40) + "*.txt");

        assertTrue(pattern.matches(Path.of("a.txt")));
        assertTrue(pattern.matches(Path.of("a/b/c.txt")));
        assertFalse(pattern.matches(Path.of("a/b/c.xml")));
    }

    @Test
    @Timeout(5)
    void aPartWithMoreAnyFolderPartsThanAnyPackageWritesIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContentPattern.parse("**/a/".repeat(20) + "x"));

        assertTrue(e.getMessage().startsWith("content pattern '**/a/**/a/") && e.getMessage().contains("at most 8"),
                e.getMessage());
    }

    @Test
    void anExclusionsOnlyPatternTakesNothingOutsideThePackage() {
        ContentPattern pattern = ContentPattern.parse("!a");

        assertTrue(pattern.matches(Path.of("b")));
        assertFalse(pattern.matches(Path.of("../b")));
        assertFalse(pattern.matches(Path.of("/b")));
    }

    @Test
    @Timeout(5)
    void aNameWithMoreStarsThanAnyPackageWritesIsRefusedAndOverlongNamesNeverMatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContentPattern.parse("bin/*a*a*a*b"));
        assertTrue(e.getMessage().contains("more than 3 '*' in the name '*a*a*a*b'"), e.getMessage());

        ContentPattern threeStars = ContentPattern.parse("*a*a*b");
        assertFalse(threeStars.matches(Path.of("a".repeat(255))));
        assertFalse(threeStars.matches(Path.of("a".repeat(5000) + "b")));
        assertTrue(threeStars.matches(Path.of("xaab")));
    }
}
