package io.spotcheck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotcheck.calendar.BundledCalendar;
import io.spotcheck.calendar.WorkingDayCalendar;
import io.spotcheck.draw.DrawRecord;
import io.spotcheck.scope.Sha256;
import io.spotcheck.draw.SubjectDrawAlgorithm;
import io.spotcheck.result.Result;
import io.spotcheck.subject.ResultCode;
import io.spotcheck.result.ResultEffects;
import io.spotcheck.result.ResultStore;
import io.spotcheck.subject.Subject;
import io.spotcheck.subject.seed.SubjectGenerator;
import io.spotcheck.task.Task;
import io.spotcheck.task.TaskStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.springframework.core.io.ClassPathResource;

/**
 * Seven years of the district's inspections (2020 to today) for the {@code review} and {@code stats}
 * sections, bulk-written straight into the bench server's {@code tasks}, {@code draws},
 * {@code assignments}, {@code results} and {@code anomaly_listings} indices (documents of the server's
 * own records, so they fit the strict mappings), about {@value #TARGET} results in all. Needs no subject
 * directory: subjects are the first {@value #POOL} of {@link SubjectGenerator#forDistrict} (seed 42, the
 * same as the directory dataset's first ones), referenced by code.
 *
 * <p>The shape of it: the programme grows from 8,000 subject-visits in 2020 through ≈15,000 in 2021 (the
 * seed's year, the {@code stats} year) to 45,000 a year. Each task has a lead department (market regulation
 * leads 40 % of them), 13 % are joint with one to three other departments; each department's subjects go to
 * the station covering their jurisdiction (or to its bureau, for bureau-run tasks and bureau-only
 * departments), inspected on working days of the task's period (1.5 % on weekends or public holidays),
 * entered mostly on phones; review after 1 to 30 working days (1.2 % never), 4 % rejected and re-submitted,
 * publication a few working days after approval (1 % never), so yellow and red flags occur where they would.
 * Result codes give a problem rate near the district's 26.6 %; "unreachable at the registered address" and
 * "false disclosure" open anomaly listings. Draws use a credit rule 92 % of the time (the rest a flat rule).
 *
 * <p>Deterministic for a seed and a day (statuses depend on today in China); a marker document in
 * {@code bench-benchmeta} records the fingerprint and the counts, so a rerun the same day finds the data and
 * skips the load. Reloading re-creates the five indices (the draw section's few tasks go with them; it
 * makes new ones every run).
 */
final class ResultsDataset {

    static final long SEED = 2021;
    static final int TARGET = 200_000;
    static final int POOL = 80_000;
    static final String VERSION = "spotcheck-bench-results-v1";
    static final String ID_PREFIX = "BR-";
    static final int STATS_YEAR = 2021;
    static final int[] YEARS = {2020, 2021, 2022, 2023, 2024, 2025, 2026};
    static final int[] VOLUME = {8_000, 15_000, 22_000, 29_000, 36_000, 45_000, 45_000};
    static final List<String> INDICES = List.of("tasks", "draws", "assignments", "results", "anomaly_listings");
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

    /** Lead-department weights (NYNC has no items in the seeds, so it leads nothing). */
    static final Map<String, Integer> LEAD_WEIGHT = new LinkedHashMap<>();

    static {
        LEAD_WEIGHT.put("SCJG", 40);
        LEAD_WEIGHT.put("WSJK", 14);
        LEAD_WEIGHT.put("XFJY", 12);
        LEAD_WEIGHT.put("STHJ", 9);
        LEAD_WEIGHT.put("YJGL", 8);
        LEAD_WEIGHT.put("WHLY", 6);
        LEAD_WEIGHT.put("ZFJS", 6);
        LEAD_WEIGHT.put("JTYS", 5);
    }

    private final BenchContext bench;
    private final LocalDate today;
    /** Volume relative to the 10^6-subject district: 1 for review; the stats, growth and load sections scale results with the directory. */
    private final double scale;

    ResultsDataset(BenchContext bench) {
        this(bench, 1.0);
    }

    /** Results proportional to the directory: {@code scale} × {@value #TARGET} results from {@code scale} × {@value #POOL} subjects. */
    ResultsDataset(BenchContext bench, double scale) {
        this.bench = bench;
        this.today = LocalDate.now(CHINA);
        this.scale = scale;
    }

    int pool() {
        return (int) Math.max(200, Math.round(POOL * scale));
    }

    int volume(int year) {
        return (int) Math.max(20, Math.round(VOLUME[year] * scale));
    }

    LocalDate today() {
        return today;
    }

    String fingerprint() {
        String text = VERSION + "|" + SEED + "|" + TARGET + "|" + POOL + "|" + today + "|" + java.util.Arrays.toString(VOLUME)
                + (scale == 1.0 ? "" : "|scale " + scale);
        return Sha256.hex(Sha256.newDigest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Documents of this dataset in each index (ids and task ids start with {@value #ID_PREFIX}). */
    Map<String, Long> counts() throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String index : INDICES) {
            String field = index.equals("assignments") ? "taskId" : "id";
            String prefix = index.equals("draws") ? DrawRecord.idFor(ID_PREFIX) : ID_PREFIX;
            String body = "{\"query\":{\"prefix\":{\"" + field + "\":\"" + prefix + "\"}}}";
            counts.put(index, bench.es("POST", "/" + bench.alias(index) + "/_count", body).path("count").asLong());
        }
        return counts;
    }

    boolean isLoaded() throws Exception {
        JsonNode meta;
        try {
            meta = bench.es("GET", "/" + BenchDataset.META + "/_doc/results", null);
        } catch (IllegalStateException missing) {
            return false;
        }
        if (meta == null || !meta.path("found").asBoolean(false) || !meta.path("_source").path("fingerprint").asText().equals(fingerprint())) {
            return false;
        }
        Map<String, Long> counts = counts();
        for (String index : INDICES) {
            if (meta.path("_source").path("counts").path(index).asLong(-1) != counts.get(index)) {
                return false;
            }
        }
        return true;
    }

    /** Loads the dataset unless today's is there already; answers the document counts. */
    Map<String, Long> ensureLoaded() throws Exception {
        if (isLoaded()) {
            Map<String, Long> counts = counts();
            bench.report.note("results dataset: already loaded for " + today + " (fingerprint matches): " + counts + "; not reloaded");
            return counts;
        }
        System.out.println("generating the results dataset (" + Math.round(TARGET * scale) + " results, as of " + today + ") straight into the indices (not measured)");
        long t0 = System.nanoTime();
        bench.es("DELETE", "/" + BenchDataset.META + "/_doc/results?refresh=true", null);
        for (String index : INDICES) {
            bench.dataset().recreate(bench.alias(index));
            bench.es("PUT", "/" + bench.alias(index) + "/_settings", "{\"index\":{\"refresh_interval\":\"-1\"}}");
        }
        Map<String, Long> written;
        try (Bulk bulk = new Bulk()) {
            written = new Generator(bulk).run();
        }
        for (String index : INDICES) {
            bench.es("PUT", "/" + bench.alias(index) + "/_settings", "{\"index\":{\"refresh_interval\":null}}");
            bench.es("POST", "/" + bench.alias(index) + "/_refresh", null);
        }
        Map<String, Long> counts = counts();
        if (!counts.equals(written)) {
            throw new IllegalStateException("wrote " + written + " but the indices hold " + counts);
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("fingerprint", fingerprint());
        meta.put("asOf", today.toString());
        meta.put("counts", counts);
        BenchDataset.ensureMeta(bench);
        bench.es("PUT", "/" + BenchDataset.META + "/_doc/results?refresh=true", BenchSupport.JSON.writeValueAsString(meta));
        bench.report.note(String.format(Locale.ROOT, "results dataset: generated and bulk-written in %.0f s (not measured): %s",
                (System.nanoTime() - t0) / 1e9, counts));
        return counts;
    }

    // ------------------------------------------------------------------ bulk writing

    /** NDJSON _bulk bodies of about 8 MB, posted on two threads while generation goes on. */
    final class Bulk implements AutoCloseable {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(9_000_000);
        private final ExecutorService pool = Executors.newFixedThreadPool(2);
        private final Semaphore inFlight = new Semaphore(2);
        private final List<Future<?>> posted = new ArrayList<>();

        void add(String logical, String id, Object document) throws Exception {
            buffer.write(("{\"index\":{\"_index\":\"" + bench.alias(logical) + "\",\"_id\":" + BenchSupport.JSON.writeValueAsString(id) + "}}\n")
                    .getBytes(StandardCharsets.UTF_8));
            buffer.write(BenchContext.STORED.writeValueAsBytes(document));
            buffer.write('\n');
            if (buffer.size() > 8_000_000) {
                flush();
            }
        }

        void flush() throws Exception {
            if (buffer.size() == 0) {
                return;
            }
            byte[] body = buffer.toByteArray();
            buffer.reset();
            inFlight.acquire();
            posted.add(pool.submit(() -> {
                try {
                    JsonNode r = BenchSupport.esBytes(bench.es, "/_bulk", body);
                    if (r.path("errors").asBoolean()) {
                        for (JsonNode item : r.path("items")) {
                            JsonNode error = item.elements().next().path("error");
                            if (!error.isMissingNode()) {
                                throw new IllegalStateException("bulk write refused: " + error);
                            }
                        }
                    }
                    return null;
                } finally {
                    inFlight.release();
                }
            }));
        }

        @Override
        public void close() throws Exception {
            try {
                flush();
                for (Future<?> f : posted) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    // ------------------------------------------------------------------ working days

    /** Working days as indices, so lags in working days cost an array look-up. */
    static final class WorkDays {
        final LocalDate origin;
        final int[] upTo;
        final List<LocalDate> days = new ArrayList<>();
        final WorkingDayCalendar calendar;

        WorkDays(WorkingDayCalendar calendar, LocalDate from, LocalDate to) {
            this.calendar = calendar;
            this.origin = from;
            this.upTo = new int[(int) ChronoUnit.DAYS.between(from, to) + 1];
            int n = 0;
            for (int i = 0; i < upTo.length; i++) {
                LocalDate d = from.plusDays(i);
                if (calendar.isWorkingDay(d)) {
                    days.add(d);
                    n++;
                }
                upTo[i] = n;
            }
        }

        /** Working days in [origin, d]. */
        int count(LocalDate d) {
            return upTo[(int) ChronoUnit.DAYS.between(origin, d)];
        }

        /** The n-th working day after d (n ≥ 1). */
        LocalDate plus(LocalDate d, int n) {
            return days.get(count(d) + n - 1);
        }

        /** Working days in (a, b]. */
        int between(LocalDate a, LocalDate b) {
            return count(b) - count(a);
        }
    }

    // ------------------------------------------------------------------ generation

    record PoolSubject(String code, String name, String kind, String region, String stratum) {}

    record Agency(String id, String department, String level, List<String> jurisdictions) {}

    record Item(String code, String name, String department) {}

    final class Generator {
        final Bulk bulk;
        final SplittableRandom random = new SplittableRandom(SEED);
        final WorkDays work = new WorkDays(new WorkingDayCalendar(BundledCalendar.load(BenchSupport.JSON)),
                LocalDate.of(2019, 11, 1), LocalDate.of(2027, 12, 31));
        final Instant now = Instant.now();
        final List<PoolSubject> pool = new ArrayList<>(pool());
        final Map<String, String> shortNames = new LinkedHashMap<>();
        final Map<String, Agency> bureau = new LinkedHashMap<>();
        /** department → jurisdiction → station */
        final Map<String, Map<String, String>> stations = new LinkedHashMap<>();
        final Map<String, List<Item>> items = new LinkedHashMap<>();
        final Map<String, Long> written = new LinkedHashMap<>();

        Generator(Bulk bulk) throws IOException {
            this.bulk = bulk;
            SubjectGenerator subjects = SubjectGenerator.forDistrict(42, pool());
            while (subjects.hasNext()) {
                Subject s = subjects.next();
                String stratum = s.risk() == null || s.risk().comprehensive() == null ? "UNRATED" : s.risk().comprehensive();
                pool.add(new PoolSubject(s.code(), s.name(), s.kind(), s.regionCode(), stratum));
            }
            JsonNode departments = read("seeds/departments.json");
            for (JsonNode d : departments.path("departments")) {
                String code = d.path("code").asText();
                shortNames.put(code, d.path("shortName").asText(code));
                Map<String, String> byJurisdiction = new LinkedHashMap<>();
                for (JsonNode a : d.path("agencies")) {
                    List<String> js = new ArrayList<>();
                    a.path("jurisdictions").forEach(j -> js.add(j.asText()));
                    Agency agency = new Agency(a.path("id").asText(), code, a.path("level").asText(), js);
                    if ("BUREAU".equals(agency.level())) {
                        bureau.put(code, agency);
                    } else {
                        js.forEach(j -> byJurisdiction.put(j, agency.id()));
                    }
                }
                stations.put(code, byJurisdiction);
            }
            for (JsonNode i : read("seeds/items.json").path("items")) {
                items.computeIfAbsent(i.path("department").asText(), k -> new ArrayList<>())
                        .add(new Item(i.path("code").asText(), i.path("name").asText(), i.path("department").asText()));
            }
            INDICES.forEach(i -> written.put(i, 0L));
        }

        JsonNode read(String resource) throws IOException {
            try (InputStream in = new ClassPathResource(resource).getInputStream()) {
                return BenchSupport.JSON.readTree(in);
            }
        }

        void write(String index, String id, Object doc) throws Exception {
            bulk.add(index, id, doc);
            written.merge(index, 1L, Long::sum);
        }

        Map<String, Long> run() throws Exception {
            writeCreditRules();
            for (int y = 0; y < YEARS.length; y++) {
                int year = YEARS[y];
                long results = 0;
                int seq = 0;
                while (results < volume(y)) {
                    results += task(year, ++seq);
                }
            }
            return written;
        }

        /** The seeded DEFAULT rule is there already; a department rule and a flat (plain random) one are added. */
        void writeCreditRules() throws Exception {
            OffsetDateTime at = OffsetDateTime.of(2020, 1, 2, 9, 0, 0, 0, BEIJING);
            bench.es("PUT", "/" + bench.alias("credit_rules") + "/_doc/BR-WSJK?refresh=true", BenchContext.STORED.writeValueAsString(
                    Map.of("id", "BR-WSJK", "name", "卫生健康信用规则", "department", "WSJK",
                            "ratios", Map.of("A", 2, "B", 5, "C", 15, "D", 40, "UNRATED", 5), "updatedAt", at)));
            bench.es("PUT", "/" + bench.alias("credit_rules") + "/_doc/BR-FLAT?refresh=true", BenchContext.STORED.writeValueAsString(
                    Map.of("id", "BR-FLAT", "name", "等比例抽取（不分类）", "ratios", Map.of("A", 5, "B", 5, "C", 5, "D", 5, "UNRATED", 5),
                            "updatedAt", at)));
        }

        String pickLead() {
            int total = LEAD_WEIGHT.values().stream().mapToInt(Integer::intValue).sum();
            int roll = random.nextInt(total);
            for (Map.Entry<String, Integer> e : LEAD_WEIGHT.entrySet()) {
                roll -= e.getValue();
                if (roll < 0) {
                    return e.getKey();
                }
            }
            throw new IllegalStateException();
        }

        LocalDate workingDayIn(LocalDate from, LocalDate to) {
            int a = work.count(from);
            int b = work.count(to);
            return work.days.get(a + random.nextInt(Math.max(1, b - a)));
        }

        Instant at(LocalDate day) {
            Instant t = day.atTime(8 + random.nextInt(10), random.nextInt(60), random.nextInt(60)).toInstant(BEIJING);
            return t.isAfter(now) ? now : t;
        }

        /** One task with its draw, assignments, results and listings; answers its number of results. */
        long task(int year, int seq) throws Exception {
            String id = String.format(Locale.ROOT, "%s%d-%04d", ID_PREFIX, year, seq);
            String lead = pickLead();
            List<String> departments = new ArrayList<>(List.of(lead));
            boolean joint = random.nextDouble() < 0.13;
            if (joint) {
                int others = 1 + (random.nextDouble() < 0.3 ? 1 + random.nextInt(2) : 0);
                while (departments.size() < 1 + others) {
                    String d = pickLead();
                    if (!departments.contains(d)) {
                        departments.add(d);
                    }
                }
            }
            LocalDate yearEnd = year == today.getYear() ? today.minusDays(5) : LocalDate.of(year, 11, 30);
            LocalDate start = workingDayIn(LocalDate.of(year, 1, 6), yearEnd);
            LocalDate end = work.plus(start, 20 + random.nextInt(41));
            List<Task.Part> parts = new ArrayList<>();
            Set<String> allItems = new java.util.TreeSet<>();
            for (String d : departments) {
                List<Item> own = items.get(d);
                int k = 1 + random.nextInt(Math.min(3, own.size()));
                Set<String> chosen = new java.util.TreeSet<>();
                while (chosen.size() < k) {
                    chosen.add(own.get(random.nextInt(own.size())).code());
                }
                parts.add(new Task.Part(d, List.copyOf(chosen), 30 + 10 * random.nextInt(6)));
                allItems.addAll(chosen);
            }
            String firstItem = items.get(lead).stream().filter(i -> i.code().equals(parts.get(0).itemCodes().get(0))).findFirst()
                    .map(Item::name).orElse("");
            String name = joint ? year + "年部门联合抽查（" + String.join("、", departments.stream().map(shortNames::get).toList()) + "）"
                    : year + "年" + shortNames.get(lead) + firstItem + "双随机抽查";
            double levelRoll = random.nextDouble();
            String level = levelRoll < 0.85 ? "DISTRICT" : levelRoll < 0.95 ? "CITY" : "PROVINCE";
            boolean bureauRun = random.nextDouble() < 0.12;

            int n = joint ? 20 + (int) expo(60) : "SCJG".equals(lead) ? 40 + (int) expo(120) : 15 + (int) expo(50);
            n = Math.min(n, 600);
            List<PoolSubject> drawn = new ArrayList<>(n);
            Set<Integer> seen = new java.util.HashSet<>();
            while (drawn.size() < n) {
                int i = random.nextInt(pool.size());
                if (seen.add(i)) {
                    drawn.add(pool.get(i));
                }
            }

            LocalDate drawDay = work.plus(start.minusDays(10), 1 + random.nextInt(4));
            Instant drawnAt = at(drawDay);
            Instant createdAt = at(drawDay.minusDays(3 + random.nextInt(10)));
            String rule = random.nextDouble() < 0.08 ? "BR-FLAT" : "WSJK".equals(lead) ? "BR-WSJK" : "DEFAULT";
            writeDraw(id, lead, List.copyOf(allItems), year, rule, drawn, drawnAt);

            long results = 0;
            boolean allInspected = true;
            boolean allPublished = true;
            for (String d : departments) {
                List<String> itemCodes = parts.get(departments.indexOf(d)).itemCodes();
                for (PoolSubject s : drawn) {
                    String agency = agencyOf(d, s.region(), bureauRun);
                    List<String> inspectors = List.of(inspector(agency), inspector(agency));
                    Instant assignedAt = at(work.plus(drawDay, 1 + random.nextInt(2)));
                    Map<String, Object> assignment = new LinkedHashMap<>();
                    assignment.put("taskId", id);
                    assignment.put("department", d);
                    assignment.put("agency", agency);
                    assignment.put("subjectCode", s.code());
                    assignment.put("region", s.region());
                    assignment.put("stratum", s.stratum());
                    assignment.put("status", "ASSIGNED");
                    assignment.put("assignedAt", assignedAt);
                    assignment.put("inspectorIds", inspectors);
                    write("assignments", id + ":" + d + ":" + s.code(), assignment);

                    LocalDate inspected = random.nextDouble() < 0.015 ? nonWorkingDayNear(workingDayIn(start, end)) : workingDayIn(start, end);
                    if (inspected.isAfter(today)) {
                        allInspected = false;
                        continue;
                    }
                    String status = result(id, name, level, lead, departments, joint, d, agency, s, itemCodes, inspected, inspectors);
                    allPublished &= "PUBLISHED".equals(status);
                    results++;
                }
            }
            TaskStatus status = !allInspected ? TaskStatus.IN_PROGRESS : !allPublished ? TaskStatus.REVIEWING
                    : end.isBefore(today.minusDays(90)) ? TaskStatus.CLOSED : TaskStatus.PUBLISHED;
            Instant updatedAt = end.isBefore(today) ? at(end) : now;
            Task task = new Task(id, ID_PREFIX + "PLAN-" + year + "-" + lead, name, lead, departments, List.copyOf(allItems), parts, level,
                    random.nextDouble() < 0.3, start, end, status, ID_PREFIX + "SCOPE-" + id, DrawRecord.idFor(id), false,
                    "benchgen-" + lead.toLowerCase(Locale.ROOT), createdAt.atOffset(BEIJING), updatedAt.atOffset(BEIJING), null);
            write("tasks", id, task);
            return results;
        }

        double expo(double mean) {
            return -mean * Math.log(1 - random.nextDouble());
        }

        /** A weekend day or public holiday within a week of {@code d} (special campaigns, holiday checks). */
        LocalDate nonWorkingDayNear(LocalDate d) {
            for (int i = 1; i <= 7; i++) {
                if (!work.calendar.isWorkingDay(d.plusDays(i))) {
                    return d.plusDays(i);
                }
            }
            return d;
        }

        String agencyOf(String department, String region, boolean bureauRun) {
            String station = stations.get(department).get(region);
            return bureauRun || station == null ? bureau.get(department).id() : station;
        }

        String inspector(String agency) {
            return String.format(Locale.ROOT, "%sI-%s-%02d", ID_PREFIX, agency, 1 + random.nextInt(agency.endsWith("BUREAU") ? 20 : 12));
        }

        void writeDraw(String taskId, String lead, List<String> itemCodes, int year, String rule, List<PoolSubject> drawn, Instant drawnAt)
                throws Exception {
            Map<String, Long> sizes = new TreeMap<>();
            Map<String, Long> quotas = new TreeMap<>();
            List<SubjectDrawAlgorithm.Selected> selected = new ArrayList<>();
            List<String> codes = new ArrayList<>();
            int rank = 0;
            for (PoolSubject s : drawn) {
                quotas.merge(s.stratum(), 1L, Long::sum);
                selected.add(new SubjectDrawAlgorithm.Selected(s.code(), s.stratum(), s.region(), s.kind(),
                        String.format(Locale.ROOT, "%064x", random.nextLong() & Long.MAX_VALUE), "RANK"));
                codes.add(s.code());
                rank++;
            }
            quotas.forEach((k, v) -> sizes.put(k, v * (10 + random.nextInt(30))));
            long scopeSize = sizes.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Double> ratios = "BR-FLAT".equals(rule) ? Map.of("A", 5.0, "B", 5.0, "C", 5.0, "D", 5.0, "UNRATED", 5.0)
                    : "BR-WSJK".equals(rule) ? Map.of("A", 2.0, "B", 5.0, "C", 15.0, "D", 40.0, "UNRATED", 5.0)
                    : Map.of("A", 1.0, "B", 3.0, "C", 10.0, "D", 30.0, "UNRATED", 3.0);
            String seed = hex(taskId + "|seed");
            DrawRecord record = new DrawRecord(DrawRecord.idFor(taskId), taskId, itemCodes, year, SubjectDrawAlgorithm.VERSION, seed,
                    "SSE-close-" + drawnAt.atOffset(BEIJING).toLocalDate(), ID_PREFIX + "SCOPE-" + taskId,
                    Map.of("kind", "FILTER", "statuses", List.of("ACTIVE")), hex(taskId + "|scope"), scopeSize, sizes, sizes, quotas,
                    "RATIO", null, rule, new TreeMap<>(ratios), 0, List.of("DEREGISTERED", "MOVED_OUT"), Map.of("sameItemMonths", 12),
                    List.of(), selected, codes, hex(String.join(",", codes)), rank, "benchgen-" + lead.toLowerCase(Locale.ROOT), lead,
                    drawnAt.atOffset(BEIJING));
            write("draws", record.id(), record);
        }

        String hex(String text) {
            return Sha256.hex(Sha256.newDigest().digest(text.getBytes(StandardCharsets.UTF_8)));
        }

        List<ResultCode> codes() {
            double r = random.nextDouble();
            if (r < 0.615) {
                return List.of(ResultCode.NO_PROBLEM);
            }
            if (r < 0.755) {
                return List.of(ResultCode.PROBLEM_CORRECTED);
            }
            if (r < 0.865) {
                double c = random.nextDouble();
                ResultCode child = c < 0.35 ? ResultCode.UNDISCLOSED_INFORMATION : c < 0.60 ? ResultCode.UNREACHABLE_AT_REGISTERED_ADDRESS
                        : c < 0.85 ? ResultCode.VIOLATES_OWN_DEPARTMENT_RULES : c < 0.90 ? ResultCode.FALSE_DISCLOSURE
                        : ResultCode.VIOLATES_OTHER_DEPARTMENT_RULES;
                return ResultCode.normalise(List.of(child));
            }
            if (r < 0.915) {
                return List.of(ResultCode.NO_RELEVANT_ACTIVITY);
            }
            if (r < 0.945) {
                return List.of(ResultCode.CLOSED_OR_LIQUIDATING);
            }
            if (r < 0.965) {
                return List.of(ResultCode.CANNOT_INSPECT);
            }
            if (r < 0.975) {
                return List.of(ResultCode.DEREGISTERED);
            }
            if (r < 0.985) {
                return List.of(ResultCode.MOVED_OUT);
            }
            if (r < 0.99) {
                return List.of(ResultCode.SERIOUS_NON_COOPERATION);
            }
            return List.of(ResultCode.NO_PROBLEM);
        }

        /** Writes one result (and its anomaly listings); answers its status. */
        String result(String taskId, String taskName, String level, String lead, List<String> departments, boolean joint, String department,
                      String agency, PoolSubject s, List<String> itemCodes, LocalDate inspected, List<String> inspectors) throws Exception {
            List<ResultCode> codes = codes();
            List<String> codeNames = codes.stream().map(Enum::name).toList();
            boolean problem = ResultCode.anyProblem(codes);
            boolean listing = codes.stream().anyMatch(ResultCode.ANOMALY_LISTING::contains);
            boolean phone = random.nextDouble() < 0.985;

            // timeline in working days after the inspection
            int entryLag = phone ? (random.nextDouble() < 0.9 ? 0 : 1) : 1 + random.nextInt(3);
            LocalDate submitted = entryLag == 0 ? inspected : work.plus(inspected, entryLag);
            if (submitted.isAfter(today)) {
                submitted = inspected;
            }
            int submissions = 1;
            String status = "SUBMITTED";
            Instant reviewedAt = null;
            String reviewedBy = null;
            String note = null;
            Instant publishedAt = null;
            String reviewer = ID_PREFIX + "R-" + agency;
            double rr = random.nextDouble();
            int reviewLag = rr < 0.70 ? 1 + random.nextInt(10) : rr < 0.92 ? 11 + random.nextInt(5) : 16 + random.nextInt(15);
            LocalDate review = work.plus(inspected, Math.max(reviewLag, entryLag + 1));
            boolean neverReviewed = random.nextDouble() < 0.012;
            boolean rejected = random.nextDouble() < 0.04;
            boolean neverPublished = random.nextDouble() < 0.01;
            int resubmitLag = 2 + random.nextInt(7);
            int secondReviewLag = 1 + random.nextInt(5);
            int publishLag = random.nextDouble() < 0.85 ? 1 + random.nextInt(5) : 6 + random.nextInt(7);
            Instant submittedAt = at(submitted);
            if (!neverReviewed && !review.isAfter(today)) {
                LocalDate approved = review;
                if (rejected) {
                    status = "REJECTED";
                    reviewedAt = at(review);
                    reviewedBy = reviewer;
                    note = "现场照片不清晰，请补充后重新提交";
                    LocalDate again = work.plus(review, resubmitLag);
                    approved = null;
                    if (!again.isAfter(today)) {
                        submissions = 2;
                        submittedAt = at(again);
                        status = "SUBMITTED";
                        reviewedAt = null;
                        reviewedBy = null;
                        note = null;
                        LocalDate second = work.plus(again, secondReviewLag);
                        approved = second.isAfter(today) ? null : second;
                    }
                }
                if (approved != null) {
                    status = "APPROVED";
                    reviewedAt = at(approved);
                    reviewedBy = reviewer;
                    LocalDate published = work.plus(approved, publishLag);
                    if (!neverPublished && !published.isAfter(today)) {
                        status = "PUBLISHED";
                        publishedAt = at(published);
                    }
                }
            }

            List<Result.FollowUp> followUps = new ArrayList<>();
            if (codes.contains(ResultCode.PROBLEM_CORRECTED)) {
                followUps.add(new Result.FollowUp("RECTIFICATION_ORDER", true, inspected, "当场责令改正，已整改"));
            } else if (codes.contains(ResultCode.PROBLEM_PENDING)) {
                LocalDate done = inspected.plusDays(20 + random.nextInt(40));
                boolean closed = !done.isAfter(today) && random.nextDouble() < 0.9;
                followUps.add(new Result.FollowUp("RECTIFICATION_ORDER", closed, closed ? done : null, "责令限期整改"));
                if (random.nextDouble() < 0.5) {
                    followUps.add(new Result.FollowUp("SECOND_CHECK", closed, closed ? done.plusDays(3) : null, null));
                }
                if (listing) {
                    LocalDate listed = work.plus(inspected, 10);
                    followUps.add(new Result.FollowUp("ANOMALY_LISTING", !listed.isAfter(today), listed.isAfter(today) ? null : listed, null));
                }
            } else if (codes.contains(ResultCode.SERIOUS_NON_COOPERATION)) {
                followUps.add(new Result.FollowUp("CASE_CLUE_TRANSFER", true, inspected.plusDays(5), null));
            }
            int done = (int) followUps.stream().filter(f -> Boolean.TRUE.equals(f.done())).count();

            List<Result.ItemRow> rows = new ArrayList<>();
            for (int i = 0; i < itemCodes.size(); i++) {
                boolean rowProblem = problem && i == 0;
                rows.add(new Result.ItemRow(itemCodes.get(i), true, rowProblem, rowProblem ? "责令整改" : null));
            }
            List<String> methods = random.nextDouble() < 0.85 ? List.of("ON_SITE") : random.nextDouble() < 0.5 ? List.of("ON_SITE", "DOCUMENTARY")
                    : List.of("DOCUMENTARY");
            LocalDate listingDue = listing ? work.plus(inspected, 10) : null;
            String resultId = Result.id(taskId, department, s.code());
            Instant updatedAt = publishedAt != null ? publishedAt : reviewedAt != null ? reviewedAt : submittedAt;
            Result result = new Result(resultId, taskId, taskName, level, lead, departments, joint, department, agency, s.code(), s.name(),
                    s.kind(), s.region(), itemCodes, codeNames, problem, methods, rows, followUps, followUps.size(), done,
                    done == followUps.size(), inspected, inspectors, phone ? "PHONE" : "PC",
                    random.nextDouble() < 0.7 ? List.of("evidence/" + hex(resultId).substring(0, 16) + ".jpg") : List.of(), status,
                    inspectors.get(0), submittedAt, submissions, reviewedBy, reviewedAt, note, publishedAt,
                    publishedAt == null ? null : ID_PREFIX + "P-" + department, listingDue, ResultEffects.reassignmentNeeded(codeNames),
                    updatedAt, null);
            write("results", resultId, result);
            if (listing) {
                for (ResultCode reason : EnumSet.copyOf(codes)) {
                    if (ResultCode.ANOMALY_LISTING.contains(reason)) {
                        String listingStatus = listingDue.isBefore(today) ? "LISTED" : "PENDING";
                        write("anomaly_listings", resultId + "|" + reason.name(), new ResultStore.AnomalyListing(resultId + "|" + reason.name(),
                                s.code(), reason.name(), resultId, taskId, department, agency, inspected, listingDue, listingStatus, submittedAt,
                                inspectors.get(0)));
                    }
                }
            }
            return status;
        }
    }
}
