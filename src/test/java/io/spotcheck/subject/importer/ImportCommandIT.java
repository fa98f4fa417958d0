package io.spotcheck.subject.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotcheck.security.Role;
import io.spotcheck.support.IntegrationTest;
import io.spotcheck.support.Testers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code ./spotcheck import}: a live bar in records from the server's progress, and the API's summary at the end. */
@IntegrationTest
class ImportCommandIT {

    @LocalServerPort
    int port;

    @Autowired
    Testers testers;

    @Test
    void theBarCountsRecordsFromTheServersProgressAndTheRunEndsWithTheApisSummary(@TempDir Path dir) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            body.append(SubjectImportIT.ndjsonLine(io.spotcheck.subject.TestCodes.newCode(), "进度" + i)).append('\n');
        }
        body.append("{\"code\":\"not-a-code\",\"name\":\"x\"}\n");
        Path file = dir.resolve("subjects.ndjson");
        Files.writeString(file, body, StandardCharsets.UTF_8);

        ImportCommand command = new ImportCommand();
        command.file = file;
        command.url = "http://localhost:" + port;
        command.token = testers.token("SCJG", null, "subjects:import", Role.AUTOMATION);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        command.err = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertThat(command.call()).isEqualTo(2);
        String bar = err.toString(StandardCharsets.UTF_8);
        String report = out.toString(StandardCharsets.UTF_8);
        // the bar's end is the number of records, not megabytes, and it shows the server's counts
        assertThat(bar).contains("/3001").contains("records").contains("3001/3001 records").contains("accepted 3000, rejected 1");
        assertThat(report).contains("line 3001");
        assertThat(report).contains("summary: {\"total\":3001,\"accepted\":3000,\"rejected\":1,\"unchanged\":0}");
    }

    @Test
    void theRecordCountSkipsBlankLinesAndACsvHeader(@TempDir Path dir) throws Exception {
        ImportCommand command = new ImportCommand();
        command.file = dir.resolve("a.csv");
        Files.writeString(command.file, "code,name\nA,1\n\nB,2\n");
        assertThat(command.countRecords("text/csv")).isEqualTo(2);
        command.file = dir.resolve("a.ndjson");
        Files.writeString(command.file, "{}\n\n{}\n{}\n");
        assertThat(command.countRecords(ImportController.NDJSON)).isEqualTo(3);
    }
}
