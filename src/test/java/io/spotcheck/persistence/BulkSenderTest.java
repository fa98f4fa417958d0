package io.spotcheck.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a bulk answer filtered to the fields the sender asks for. */
class BulkSenderTest {

    static List<BulkSender.Item> items(String answer) throws IOException {
        return BulkSender.items(new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsEachItemsActionStatusAndError() throws IOException {
        List<BulkSender.Item> items = items("""
                {"errors":true,"items":[{"create":{"status":201}},
                {"create":{"status":409,"error":{"type":"version_conflict_engine_exception","reason":"[b]: version conflict","index_uuid":"x"}}},
                {"index":{"status":429,"error":{"type":"es_rejected_execution_exception","reason":"rejected","caused_by":{"type":"x"}}}}]}""");
        assertThat(items).containsExactly(new BulkSender.Item("create", 201, null, null),
                new BulkSender.Item("create", 409, "version_conflict_engine_exception", "[b]: version conflict"),
                new BulkSender.Item("index", 429, "es_rejected_execution_exception", "rejected"));
        assertThat(items).extracting(BulkSender.Item::ok).containsExactly(true, false, false);
    }

    @Test
    void anItemWithoutStatusOrWithAnErrorOfNoTypeIsNotWritten() throws IOException {
        assertThat(items("{\"errors\":true,\"items\":[{\"index\":{}},{\"index\":{\"status\":200,\"error\":{}}}]}"))
                .extracting(BulkSender.Item::ok).containsExactly(false, false);
    }

    @Test
    void anAnswerOfAnotherShapeIsRefused() {
        assertThatThrownBy(() -> items("[1,2]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> items("{\"errors\":false,\"items\":[{\"index\":5}]}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> items("{\"errors\":false,\"items\":[{\"index\":{\"status\":201},\"more\":1}]}")).isInstanceOf(IOException.class);
    }

    @Test
    void anAnswerWithoutItemsHasNone() throws IOException {
        assertThat(items("{\"errors\":false}")).isEmpty();
    }
}
