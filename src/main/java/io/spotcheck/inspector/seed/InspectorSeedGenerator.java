package io.spotcheck.inspector.seed;

import io.spotcheck.department.Department;
import io.spotcheck.inspector.Inspector;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The demo inspector directory: about 500 inspectors over the seeded departments, most of them in
 * the market-regulation stations. Deterministic: the same departments and reference date give the
 * same inspectors (each agency draws from its own generator, seeded from its id, so adding an
 * agency does not change the others). Some certificates are expired, a few inspectors are
 * uncertified, on leave or have left, so the draw's rules have something to exclude.
 */
public final class InspectorSeedGenerator {

    /** Inspectors per agency: bureau level and each station, by department. */
    private static final Map<String, int[]> SIZES = Map.of(
            "SCJG", new int[] {20, 28},
            "WSJK", new int[] {8, 12},
            "XFJY", new int[] {6, 10},
            "STHJ", new int[] {8, 13},
            "YJGL", new int[] {30, 0},
            "WHLY", new int[] {24, 0},
            "ZFJS", new int[] {26, 0},
            "JTYS", new int[] {26, 0},
            "NYNC", new int[] {26, 0});

    private static final String SURNAMES = "王王王李李李张张张刘刘陈陈陈杨黄赵吴吴周周徐徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
            + "蒋蔡余杜叶程苏魏吕丁沈沈沈姚卢姜钟陆陆汪范金金石方俞俞钱钱楼楼孔毛毛傅傅屠施施来来倪章应童";
    private static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉力斌宇浩凯鹏晨欣怡婷雪琳晓东海峰波亮"
            + "俊杭萍燕红玲佳颖丹蕾慧瑜悦然振宁航锋骏尧飞云春梅兰雅清嘉昊天翔宏";

    private InspectorSeedGenerator() {}

    public static List<Inspector> generate(List<Department> departments, LocalDate today) {
        List<Inspector> result = new ArrayList<>();
        List<Department> ordered = new ArrayList<>(departments);
        ordered.sort(Comparator.comparing(Department::code));
        int serial = 0;
        for (Department department : ordered) {
            int[] size = SIZES.getOrDefault(department.code(), new int[] {12, 8});
            List<Department.Agency> agencies = new ArrayList<>(department.agencies());
            agencies.sort(Comparator.comparing(Department.Agency::id));
            for (Department.Agency agency : agencies) {
                int count = "BUREAU".equals(agency.level()) ? size[0] : size[1];
                SplittableRandom random = new SplittableRandom(seedOf(agency.id()));
                for (int n = 1; n <= count; n++) {
                    serial++;
                    result.add(inspector(department.code(), agency.id(), n, serial, random, today));
                }
            }
        }
        return result;
    }

    private static Inspector inspector(String department, String agency, int n, int serial, SplittableRandom r, LocalDate today) {
        String id = agency + "-" + String.format("%03d", n);
        String name = name(r);
        String certificate = null;
        LocalDate from = null;
        LocalDate until = null;
        int roll = r.nextInt(100);
        if (roll >= 2) {
            certificate = "浙执法3301090" + String.format("%05d", 10_000 + serial * 173 % 90_000);
            until = roll < 9 ? today.minusDays(1 + r.nextInt(400)) : today.plusDays(30 + r.nextInt(1900));
            from = until.minusYears(5).plusDays(1);
        }
        int statusRoll = r.nextInt(100);
        String status = statusRoll < 4 ? "ON_LEAVE" : statusRoll < 7 ? "LEFT" : "ACTIVE";
        String phone = "1" + "35789".charAt(r.nextInt(5)) + String.format("%09d", r.nextInt(1_000_000_000));
        int draws = r.nextInt(16);
        int inspections = draws == 0 ? 0 : r.nextInt(draws + 1);
        Inspector.Workload workload = new Inspector.Workload(today.getYear(), draws, inspections,
                draws == 0 ? null : today.minusDays(1 + r.nextInt(Math.max(1, today.getDayOfYear() - 1)))
                        .atTime(9, 0).toInstant(ZoneOffset.ofHours(8)),
                List.of(), List.of());
        return new Inspector(id, name, department, agency, certificate, from, until, qualifications(department, r), status,
                phone, List.of(), workload, today.atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    private static List<String> qualifications(String department, SplittableRandom r) {
        Set<String> q = new LinkedHashSet<>();
        switch (department) {
            case "SCJG" -> {
                if (r.nextInt(100) < 75) {
                    q.add("FOOD_SAFETY");
                }
                String[] others = {"QUALITY", "PRICE", "SPECIAL_EQUIPMENT", "DRUG"};
                int extra = 1 + r.nextInt(2);
                for (int i = 0; i < extra; i++) {
                    q.add(others[r.nextInt(others.length)]);
                }
            }
            case "WSJK" -> {
                q.add("HEALTH");
                if (r.nextInt(100) < 30) {
                    q.add("FOOD_SAFETY");
                }
            }
            case "XFJY" -> q.add("FIRE");
            case "STHJ" -> q.add("ENVIRONMENT");
            case "YJGL" -> {
                q.add("WORKPLACE_SAFETY");
                if (r.nextInt(100) < 20) {
                    q.add("FIRE");
                }
            }
            case "WHLY" -> q.add("CULTURE");
            case "ZFJS" -> q.add("CONSTRUCTION");
            case "JTYS" -> q.add("TRANSPORT");
            case "NYNC" -> {
                q.add("QUALITY");
                if (r.nextInt(100) < 50) {
                    q.add("FOOD_SAFETY");
                }
            }
            default -> q.add("QUALITY");
        }
        return q.stream().sorted().toList();
    }

    private static String name(SplittableRandom r) {
        StringBuilder s = new StringBuilder();
        s.appendCodePoint(SURNAMES.codePointAt(r.nextInt(SURNAMES.length())));
        int given = r.nextInt(100) < 30 ? 1 : 2;
        for (int i = 0; i < given; i++) {
            s.appendCodePoint(GIVEN.codePointAt(r.nextInt(GIVEN.length())));
        }
        return s.toString();
    }

    private static long seedOf(String agencyId) {
        long h = 1125899906842597L;
        for (byte b : agencyId.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return h;
    }
}
