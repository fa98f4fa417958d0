package io.spotcheck.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.support.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.HttpHost;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The import's bulk writer on the real Elasticsearch: every document arrives intact (bodies of many
 * pieces, text of every width), each answer reaches the listener with its operations' contexts in
 * order and each refusal at its place, a request that cannot be sent fails as a whole, a request
 * retried on another node is sent again from its start, and no more requests are unanswered than allowed.
 */
class BulkSenderIT {

    static final ObjectMapper JSON = new ObjectMapper();

    RestClient rest;
    String index;

    @BeforeEach
    void connect() throws IOException {
        rest = RestClient.builder(HttpHost.create(TestServices.esUrl().split(",")[0])).build();
        index = TestServices.INDEX_PREFIX + "bulk-sender-" + UUID.randomUUID().toString().substring(0, 8);
        rest.performRequest(new Request("PUT", "/" + index));
    }

    @AfterEach
    void close() throws IOException {
        rest.performRequest(new Request("DELETE", "/" + index));
        rest.close();
    }

    /** What a listener was told, request by request. */
    static final class Answers implements BulkSender.Listener<Integer> {
        final List<Integer> contexts = Collections.synchronizedList(new ArrayList<>());
        final List<BulkSender.Item> items = Collections.synchronizedList(new ArrayList<>());
        final List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> failedContexts = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger requests = new AtomicInteger();

        @Override
        public void answered(List<Integer> sent, List<BulkSender.Item> answered) {
            requests.incrementAndGet();
            contexts.addAll(sent);
            items.addAll(answered);
        }

        @Override
        public void failed(List<Integer> sent, Exception failure) {
            failures.add(failure);
            failedContexts.addAll(sent);
        }
    }

    static BulkSender.Document doc(Map<String, Object> source) {
        return out -> JSON.writeValue(out, source);
    }

    JsonNode get(String id) throws IOException {
        var response = rest.performRequest(new Request("GET", "/" + index + "/_doc/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8)));
        return JSON.readTree(response.getEntity().getContent()).path("_source");
    }

    long count() throws IOException {
        rest.performRequest(new Request("POST", "/" + index + "/_refresh"));
        return JSON.readTree(rest.performRequest(new Request("GET", "/" + index + "/_count")).getEntity().getContent()).path("count").asLong();
    }

    @Test
    void writesEveryDocumentAndAnswersEachRequestWithItsContextsInOrder() throws IOException {
        Answers answers = new Answers();
        try (BulkSender<Integer> sender = new BulkSender<>(rest, index, 1000, 5L * 1024 * 1024, 2, answers)) {
            for (int i = 0; i < 2_500; i++) {
                sender.add("index", null, "doc-" + i, doc(Map.of("n", i, "text", "第" + i + "号 \"quoted\" \\ tab\t")), i);
            }
        }
        assertThat(answers.requests.get()).isEqualTo(3);
        assertThat(answers.failures).isEmpty();
        assertThat(answers.contexts).hasSize(2_500);
        List<Integer> sorted = new ArrayList<>(answers.contexts);
        Collections.sort(sorted);
        assertThat(sorted).isEqualTo(java.util.stream.IntStream.range(0, 2_500).boxed().toList());
        assertThat(answers.items).allSatisfy(item -> {
            assertThat(item.ok()).isTrue();
            assertThat(item.action()).isEqualTo("index");
            assertThat(item.status()).isEqualTo(201);
        });
        assertThat(count()).isEqualTo(2_500);
        assertThat(get("doc-1234").path("text").asText()).isEqualTo("第1234号 \"quoted\" \\ tab\t");
    }

    @Test
    void reportsARefusedCreateAtItsPlaceAndWritesTheOthers() throws IOException {
        Request existing = new Request("PUT", "/" + index + "/_doc/b");
        existing.setJsonEntity("{\"v\":\"old\"}");
        rest.performRequest(existing);
        Answers answers = new Answers();
        try (BulkSender<Integer> sender = new BulkSender<>(rest, index, 1000, 5L * 1024 * 1024, 2, answers)) {
            sender.add("create", null, "a", doc(Map.of("v", "a")), 0);
            sender.add("create", null, "b", doc(Map.of("v", "new")), 1);
            sender.add("create", null, "c", doc(Map.of("v", "c")), 2);
        }
        assertThat(answers.contexts).containsExactly(0, 1, 2);
        assertThat(answers.items.get(0).ok()).isTrue();
        BulkSender.Item refused = answers.items.get(1);
        assertThat(refused.ok()).isFalse();
        assertThat(refused.action()).isEqualTo("create");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorType()).isEqualTo("version_conflict_engine_exception");
        assertThat(refused.errorReason()).contains("b");
        assertThat(answers.items.get(2).ok()).isTrue();
        assertThat(get("b").path("v").asText()).isEqualTo("old");
        assertThat(count()).isEqualTo(3);
    }

    @Test
    void writesIntoTheIndexAnOperationNamesBesideTheDefaultOne() throws IOException {
        String other = index + "-other";
        Answers answers = new Answers();
        try (BulkSender<Integer> sender = new BulkSender<>(rest, index, 1000, 5L * 1024 * 1024, 2, answers)) {
            sender.add("create", other, "elsewhere", doc(Map.of("v", 1)), 0);
            sender.add("create", null, "here", doc(Map.of("v", 2)), 1);
        }
        try {
            assertThat(answers.items).allSatisfy(item -> assertThat(item.ok()).isTrue());
            assertThat(count()).isEqualTo(1);
            assertThat(rest.performRequest(new Request("GET", "/" + other + "/_doc/elsewhere")).getStatusLine().getStatusCode()).isEqualTo(200);
        } finally {
            rest.performRequest(new Request("DELETE", "/" + other));
        }
    }

    @Test
    void sendsBodiesOfManyPiecesIntact() throws IOException {
        Answers answers = new Answers();
        StringBuilder large = new StringBuilder();
        while (large.length() < 150_000) {
            large.append("检查对象 😀 x\u0001y ");
        }
        try (BulkSender<Integer> sender = new BulkSender<>(rest, index, 1000, 5L * 1024 * 1024, 2, answers)) {
            for (int i = 0; i < 12; i++) {
                sender.add("index", null, "large-" + i, doc(Map.of("text", large.toString() + i)), i);
            }
        }
        assertThat(answers.failures).isEmpty();
        assertThat(answers.requests.get()).isEqualTo(1);
        for (int i = 0; i < 12; i++) {
            assertThat(get("large-" + i).path("text").asText()).isEqualTo(large.toString() + i);
        }
    }

    @Test
    void sendsABodyAgainFromItsStartWhenANodeIsUnreachable() throws IOException {
        // Two nodes, the first of them closed: the client tries the request on the other one.
        HttpHost real = HttpHost.create(TestServices.esUrl().split(",")[0]);
        Answers answers = new Answers();
        try (RestClient twoNodes = RestClient.builder(new HttpHost("127.0.0.1", 1), real).build()) {
            try (BulkSender<Integer> sender = new BulkSender<>(twoNodes, index, 3, 5L * 1024 * 1024, 1, answers)) {
                for (int i = 0; i < 30; i++) {
                    sender.add("index", null, "retried-" + i, doc(Map.of("text", "x".repeat(70_000) + i)), i);
                }
            }
        }
        assertThat(answers.failures).isEmpty();
        assertThat(answers.contexts).hasSize(30);
        assertThat(count()).isEqualTo(30);
        assertThat(get("retried-29").path("text").asText()).isEqualTo("x".repeat(70_000) + 29);
    }

    @Test
    void failsEveryOperationOfARequestThatCannotBeSent() throws IOException {
        Answers answers = new Answers();
        try (RestClient nowhere = RestClient.builder(new HttpHost("127.0.0.1", 1)).build()) {
            try (BulkSender<Integer> sender = new BulkSender<>(nowhere, index, 2, 5L * 1024 * 1024, 2, answers)) {
                for (int i = 0; i < 5; i++) {
                    sender.add("index", null, "lost-" + i, doc(Map.of("v", i)), i);
                }
            }
        }
        assertThat(answers.items).isEmpty();
        assertThat(answers.failures).hasSize(3);
        List<Integer> failed = new ArrayList<>(answers.failedContexts);
        Collections.sort(failed);
        assertThat(failed).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void waitsWhileAsManyRequestsAsAllowedAreUnanswered() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger answered = new AtomicInteger();
        BulkSender.Listener<Integer> slow = new BulkSender.Listener<>() {
            @Override
            public void answered(List<Integer> contexts, List<BulkSender.Item> items) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answered.incrementAndGet();
            }

            @Override
            public void failed(List<Integer> contexts, Exception failure) {}
        };
        AtomicInteger added = new AtomicInteger();
        Thread adder = new Thread(() -> {
            try (BulkSender<Integer> sender = new BulkSender<>(rest, index, 1, 5L * 1024 * 1024, 1, slow)) {
                for (int i = 0; i < 3; i++) {
                    sender.add("index", null, "slow-" + i, doc(Map.of("v", i)), i);
                    added.incrementAndGet();
                }
            }
        });
        adder.start();
        // The first request is sent and its answer held: the second cannot be sent until it returns.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (added.get() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(500);
        assertThat(added.get()).isEqualTo(1);
        assertThat(adder.getState()).isIn(Thread.State.WAITING, Thread.State.TIMED_WAITING);
        release.countDown();
        adder.join(30_000);
        assertThat(adder.isAlive()).isFalse();
        assertThat(added.get()).isEqualTo(3);
        assertThat(answered.get()).isEqualTo(3);
    }
}
