package dev.stagehand.core.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class JdtOutputFormatTest {

    @Test
    void outputIsIndentedLikeTheReferenceWithTwoSpacesAndOneArrayElementPerLine() throws IOException {
        JdtFixture fixture = JdtFixture.named("output-format");
        String expected = Files.readString(fixture.dir().resolve("output.txt"), StandardCharsets.UTF_8);
        assertEquals(expected, fixture.apply().output());
    }
}
