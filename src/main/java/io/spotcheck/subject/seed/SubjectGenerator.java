package io.spotcheck.subject.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.subject.CreditCode;
import io.spotcheck.subject.IndustryCodes;
import io.spotcheck.subject.Subject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.springframework.core.io.ClassPathResource;

/**
 * Deterministic demo subjects for the district of {@code seeds/departments.json}: the same seed and
 * count give the same subjects, byte for byte. Subjects are produced one at a time (an iterator),
 * so a million of them never sit in memory together.
 *
 * <p>Realism where it matters for the features: valid credit codes (GB 32100 and GB 11714 check
 * characters) and resident ID numbers (ISO 7064 MOD 11-2), real GB/T 4754 classes with the licences
 * and departments that go with them, credit classes skewed as in reality (A≈35 %, B≈50 %, C≈12 %,
 * D≈3 %), a few subjects on the anomaly and serious-violation lists.
 */
public final class SubjectGenerator implements Iterator<Subject> {

    /** What an industry class means for a generated subject. */
    record Trade(String industry, String companyWord, String shopWord, double weight, List<String> licences,
                 List<String> departments, boolean shops) {}

    static final List<Trade> TRADES = List.of(
            trade("H6210", "餐饮管理", "饭店", 9, "FOOD_BUSINESS", "SCJG XFJY", true),
            trade("H6220", "快餐", "快餐店", 6, "FOOD_BUSINESS", "SCJG", true),
            trade("H6291", "餐饮", "小吃店", 8, "FOOD_BUSINESS", "SCJG", true),
            trade("H6231", "茶业", "茶馆", 2, "FOOD_BUSINESS", "SCJG", true),
            trade("H6233", "酒吧管理", "酒吧", 1, "FOOD_BUSINESS", "SCJG XFJY WHLY", true),
            trade("H6292", "餐饮配送", "配餐店", 1, "FOOD_BUSINESS", "SCJG", false),
            trade("F5212", "超市", "超市", 4, "FOOD_BUSINESS", "SCJG XFJY", true),
            trade("F5213", "商贸", "便利店", 7, "FOOD_BUSINESS TOBACCO_RETAIL", "SCJG", true),
            trade("F5221", "粮油", "粮油店", 2, "FOOD_BUSINESS", "SCJG", true),
            trade("F5223", "食品", "肉铺", 3, "FOOD_BUSINESS", "SCJG", true),
            trade("F5225", "酒业", "烟酒店", 3, "FOOD_BUSINESS TOBACCO_RETAIL", "SCJG", true),
            trade("F5251", "医药", "药店", 2, "DRUG_BUSINESS", "SCJG", true),
            trade("F5265", "石油销售", "加油站", 0.5, "HAZARDOUS_CHEMICALS", "YJGL XFJY SCJG", false),
            trade("F5132", "服饰", "服装店", 6, "", "SCJG", true),
            trade("F5211", "百货", "百货店", 2, "", "SCJG XFJY", true),
            trade("F5121", "粮油贸易", "粮油批发部", 1, "FOOD_BUSINESS", "SCJG", true),
            trade("C1411", "食品", "糕点坊", 1.5, "FOOD_PRODUCTION", "SCJG", true),
            trade("C1431", "食品", "米面加工坊", 1, "FOOD_PRODUCTION", "SCJG", true),
            trade("C1351", "肉类加工", "屠宰点", 0.3, "FOOD_PRODUCTION", "SCJG STHJ NYNC", false),
            trade("C1515", "酒业", "酒坊", 0.3, "FOOD_PRODUCTION", "SCJG", false),
            trade("C1752", "印染", "印染厂", 1.5, "POLLUTANT_DISCHARGE", "STHJ YJGL", false),
            trade("C1810", "服饰", "制衣厂", 2.5, "", "SCJG", true),
            trade("C2651", "新材料", "塑料厂", 1, "POLLUTANT_DISCHARGE HAZARDOUS_CHEMICALS", "STHJ YJGL", false),
            trade("C3311", "钢结构", "金属加工厂", 1.5, "", "YJGL", false),
            trade("C3451", "轴承", "轴承加工厂", 1, "", "YJGL", false),
            trade("C3670", "汽车配件", "汽配加工厂", 2, "", "YJGL SCJG", false),
            trade("C3831", "电缆", "电线加工厂", 0.8, "INDUSTRIAL_PRODUCT", "SCJG YJGL", false),
            trade("D4511", "燃气", "燃气供应站", 0.2, "GAS_OPERATION", "ZFJS YJGL XFJY", false),
            trade("E4710", "建设", "建筑队", 1.5, "CONSTRUCTION", "ZFJS", false),
            trade("E5011", "装饰工程", "装潢部", 3, "", "ZFJS", true),
            trade("G5431", "物流", "货运部", 3, "ROAD_TRANSPORT", "JTYS", true),
            trade("G5435", "危险品运输", "危货运输部", 0.2, "ROAD_TRANSPORT HAZARDOUS_CHEMICALS", "JTYS YJGL", false),
            trade("H6110", "酒店管理", "宾馆", 0.5, "ACCOMMODATION PUBLIC_HEALTH", "WSJK XFJY", false),
            trade("H6121", "酒店", "旅馆", 1.5, "ACCOMMODATION PUBLIC_HEALTH", "WSJK XFJY", true),
            trade("I6513", "网络科技", "电脑服务部", 4, "", "SCJG", true),
            trade("K7020", "物业管理", "物业服务部", 1, "", "ZFJS XFJY", false),
            trade("L7243", "企业管理咨询", "咨询服务部", 4, "", "SCJG", true),
            trade("O8051", "洗浴", "浴室", 0.6, "PUBLIC_HEALTH", "WSJK XFJY", true),
            trade("O8061", "美容美发", "理发店", 5, "PUBLIC_HEALTH", "WSJK", true),
            trade("O8111", "汽车维修", "汽修店", 2.5, "", "JTYS STHJ", true),
            trade("Q8423", "门诊部", "诊所", 0.6, "MEDICAL_INSTITUTION", "WSJK", true),
            trade("R9011", "娱乐", "KTV", 0.5, "ENTERTAINMENT", "WHLY XFJY", true),
            trade("R9013", "网络", "网吧", 0.5, "INTERNET_CAFE", "WHLY XFJY", true),
            trade("A0151", "果业", "果园", 0.8, "", "NYNC", true),
            trade("A0313", "养殖", "养猪场", 0.4, "ANIMAL_EPIDEMIC_PREVENTION", "NYNC STHJ", true),
            trade("A0412", "水产养殖", "鱼塘", 0.6, "", "NYNC", true));

    private static final List<Trade> FARMING = TRADES.stream().filter(t -> t.industry().startsWith("A")).toList();

    private static final String[] BRAND = ("宏达 恒盛 鑫源 华美 金诚 顺发 永兴 瑞丰 天成 嘉禾 汇丰 兴业 明辉 万和 盛世 富春 钱塘 湘湖 越秀 东方 "
            + "新华 利民 德信 润泽 博远 同创 启航 凯旋 聚力 星河 雅居 佳美 百川 海纳 诚信 亿家 乐享 味道 老王 阿强 小李 张记 "
            + "陈记 宏图 正泰 锦绣 云帆 金桥 通达 吉祥 福满 好运 大成 昌盛 和美 祥瑞 东升 新城 泰和 瓜沥 萧然 江南 运河").split(" ");
    private static final String[] SURNAME = ("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 "
            + "彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 傅 方 楼 俞 "
            + "倪 来 裘 孔 戚 应 屠").split(" ");
    private static final String[] GIVEN = ("伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 霞 平 刚 桂英 建华 建国 国强 "
            + "文 辉 鹏 华 飞 鑫 波 斌 宇 浩 凯 健 俊 帆 帅 旭 宁 龙 林 欢 阳 晨 瑶 婷 雪 琳 晶 颖 倩 佳 悦 萍 红 燕 英 兰 "
            + "志强 晓东 海峰 国华 美华 丽萍 建平 永明 春燕 金海").split(" ");
    private static final String[] ROAD = ("人民路 市心中路 金城路 山阴路 萧绍路 通惠路 北干山南路 建设一路 建设二路 育才路 "
            + "工人路 体育路 回澜路 机场路 红山路 湘湖路 博奥路 宁税路 民和路 鸿兴路 航民路 党山路 临江路 文化路 振兴路 "
            + "解放路 新港路 兴议路 浦阳路 临浦大道").split(" ");
    private static final Map<String, String> LIST_WEIGHT = Map.of("A", "0.005", "B", "0.02", "C", "0.08", "D", "0.25");

    private final SplittableRandom random;
    private final long count;
    private final List<String[]> jurisdictions;
    private final Map<String, String> units;
    private final LocalDate asOf;
    private final Instant updatedAt;
    private final double[] cumulative;
    private final String[] recentOwners = new String[512];
    private final String[] recentOwnerNames = new String[512];
    private final String[] recentOwnerRegions = new String[512];
    private int owners;
    private long produced;
    private long persons;
    private long objects;

    /**
     * @param jurisdictions [code, name] of each town/street
     * @param units regionCode → supervising unit (the market-regulation station covering it)
     */
    public SubjectGenerator(long seed, long count, List<String[]> jurisdictions, Map<String, String> units, LocalDate asOf) {
        this.random = new SplittableRandom(seed);
        this.count = count;
        this.jurisdictions = List.copyOf(jurisdictions);
        this.units = Map.copyOf(units);
        this.asOf = asOf;
        this.updatedAt = asOf.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        this.cumulative = new double[TRADES.size()];
        double sum = 0;
        for (int i = 0; i < TRADES.size(); i++) {
            sum += TRADES.get(i).weight();
            cumulative[i] = sum;
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= sum;
        }
    }

    /** The district of {@code seeds/departments.json}, as of 2026-11-01. */
    public static SubjectGenerator forDistrict(long seed, long count) {
        try (InputStream in = new ClassPathResource("seeds/departments.json").getInputStream()) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<String[]> jurisdictions = new ArrayList<>();
            root.path("jurisdictions").forEach(j -> jurisdictions.add(new String[] {j.path("code").asText(), j.path("name").asText()}));
            Map<String, String> units = new LinkedHashMap<>();
            for (JsonNode department : root.path("departments")) {
                if (!"SCJG".equals(department.path("code").asText())) {
                    continue;
                }
                for (JsonNode agency : department.path("agencies")) {
                    agency.path("jurisdictions").forEach(r -> units.putIfAbsent(r.asText(), agency.path("name").asText()));
                }
            }
            return new SubjectGenerator(seed, count, jurisdictions, units, LocalDate.of(2026, 11, 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Stream<Subject> stream() {
        return StreamSupport.stream(Spliterators.spliterator(this, count, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public boolean hasNext() {
        return produced < count;
    }

    @Override
    public Subject next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        long index = produced++;
        double roll = random.nextDouble();
        if (roll < 0.05) {
            return person();
        }
        if (roll < 0.08 && owners > 0) {
            return attachedObject();
        }
        double kind = random.nextDouble();
        String type = kind < 0.57 ? "ENTERPRISE" : kind < 0.95 ? "INDIVIDUAL_BUSINESS" : kind < 0.975 ? "COOPERATIVE" : "OTHER_ORGANISATION";
        return organisation(index, type);
    }

    private Subject organisation(long index, String type) {
        Trade trade = switch (type) {
            case "COOPERATIVE" -> pick(FARMING);
            case "OTHER_ORGANISATION" -> null;
            default -> trade(type.equals("INDIVIDUAL_BUSINESS"));
        };
        String[] region = jurisdictions.get(random.nextInt(jurisdictions.size()));
        String town = shortTown(region[1]);
        String brand = pick(BRAND);
        String industry;
        String name;
        String prefix;
        switch (type) {
            case "ENTERPRISE" -> {
                prefix = "91";
                industry = trade.industry();
                double style = random.nextDouble();
                name = style < 0.55 ? "杭州萧山" + brand + trade.companyWord() + "有限公司"
                        : style < 0.9 ? "杭州" + brand + trade.companyWord() + "有限公司"
                        : style < 0.97 ? "杭州" + town + brand + trade.companyWord() + "有限公司"
                        : "浙江" + brand + trade.companyWord() + "股份有限公司";
            }
            case "INDIVIDUAL_BUSINESS" -> {
                prefix = "92";
                industry = trade.industry();
                name = "萧山区" + town + brand + trade.shopWord();
            }
            case "COOPERATIVE" -> {
                prefix = "93";
                industry = trade.industry();
                name = "杭州萧山" + town + brand + trade.companyWord() + "专业合作社";
            }
            default -> {
                prefix = "52";
                industry = "P8391";
                name = "杭州市萧山区" + brand + "职业技能培训学校";
            }
        }
        String code = creditCode(prefix, index);
        String representative = personName();
        String risk = riskClass();
        String publicCredit = random.nextDouble() < 0.7 ? risk : riskClass();
        List<String> departments = new ArrayList<>();
        if (trade != null) {
            for (String department : trade.departments()) {
                departments.add(department + ":" + shiftedClass(risk));
            }
        }
        double statusRoll = random.nextDouble();
        String status = statusRoll < 0.90 ? "ACTIVE" : statusRoll < 0.95 ? "DEREGISTERED" : statusRoll < 0.98 ? "REVOKED" : "MOVED_OUT";
        List<String> lists = new ArrayList<>(1);
        if (random.nextDouble() < Double.parseDouble(LIST_WEIGHT.get(risk))) {
            lists.add("ANOMALY");
        }
        if ("D".equals(risk) && random.nextDouble() < 0.1) {
            lists.add("SERIOUS_VIOLATION");
        }
        List<String> formerNames = random.nextDouble() < 0.05 ? List.of(name.replace(brand, pick(BRAND))) : List.of();
        Double capital = capital(type);
        LocalDate established = establishedOn();
        List<Subject.LastInspection> inspections = new ArrayList<>(1);
        if (trade != null && random.nextDouble() < 0.2) {
            String department = trade.departments().get(0);
            inspections.add(new Subject.LastInspection(department + "-CHECK-01", department,
                    asOf.minusDays(30 + random.nextInt(900)), "DEMO-" + (2023 + random.nextInt(3)) + "-" + (1 + random.nextInt(40))));
        }
        List<Subject.Tag> tags = new ArrayList<>(1);
        List<String> tagKeys = new ArrayList<>(1);
        if (random.nextDouble() < 0.005) {
            Subject.Tag tag = new Subject.Tag("SCJG", "重点监管", "MANUAL", null, "demo-seed", updatedAt, null);
            tags.add(tag);
            tagKeys.add(tag.key());
        }
        if (type.equals("ENTERPRISE") || type.equals("COOPERATIVE")) {
            int slot = owners++ % recentOwners.length;
            recentOwners[slot] = code;
            recentOwnerNames[slot] = name;
            recentOwnerRegions[slot] = region[0];
        }
        String authority = type.equals("OTHER_ORGANISATION") ? "杭州市萧山区民政局"
                : random.nextDouble() < 0.05 ? "杭州市市场监督管理局" : "杭州市萧山区市场监督管理局";
        return new Subject(code, "ORGANISATION", type, name, formerNames, representative, address(region[1]), null, authority,
                region[0], units.get(region[0]), industry, IndustryCodes.path(industry), status, established, capital,
                new Subject.Risk(risk, publicCredit, departments, LocalDate.of(2026, 10, 1)), lists,
                trade == null ? List.of() : trade.licences(), inspections, List.of(), List.of(), tags, tagKeys,
                updatedAt);
    }

    private Subject person() {
        long n = persons++;
        // A bijection of the person counter onto (birth day, sequence): IDs never repeat.
        long permuted = (n * 7919L + 12345L) % 18_000_000L;
        LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(permuted % 18_000);
        int sequence = (int) (permuted / 18_000);
        String body = "330109" + birth.toString().replace("-", "") + String.format("%03d", sequence);
        String id = body + idCheck(body);
        String name = personName();
        String[] region = jurisdictions.get(random.nextInt(jurisdictions.size()));
        String risk = riskClass();
        return new Subject(id, "NATURAL_PERSON", "PERSON", name, List.of(), name, address(region[1]), null, null, region[0],
                units.get(region[0]), null, List.of(), "ACTIVE", null, null,
                new Subject.Risk(null, risk, List.of(), LocalDate.of(2026, 10, 1)), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), updatedAt);
    }

    /** Registering departments of attached objects, by the full names of seeds/departments.json. */
    public static final java.util.Map<String, String> REGISTRARS = java.util.Map.of(
            "SCJG", "杭州市萧山区市场监督管理局", "JTYS", "杭州市萧山区交通运输局", "XFJY", "杭州市萧山区消防救援大队");

    private Subject attachedObject() {
        long n = objects++;
        int slot = random.nextInt(Math.min(owners, recentOwners.length));
        String owner = recentOwners[slot];
        String ownerName = recentOwnerNames[slot];
        String region = recentOwnerRegions[slot];
        double roll = random.nextDouble();
        String type;
        String code;
        String name;
        List<String> licences;
        String department;
        if (roll < 0.5) {
            type = "EQUIPMENT";
            code = "TZSB3301" + String.format("%08d", n);
            String[] kinds = {"电梯", "锅炉", "压力容器", "起重机械", "场内机动车辆"};
            name = ownerName + " " + kinds[random.nextInt(kinds.length)];
            licences = List.of("SPECIAL_EQUIPMENT_REGISTRATION");
            department = "SCJG";
        } else if (roll < 0.8) {
            type = "VEHICLE";
            code = "浙A" + plate(n);
            name = ownerName + " 货车 " + code;
            licences = List.of("ROAD_TRANSPORT");
            department = "JTYS";
        } else {
            type = "PREMISES";
            code = "CS330109" + String.format("%08d", n);
            name = ownerName + " 经营场所";
            licences = List.of();
            department = "XFJY";
        }
        String risk = riskClass();
        // the department that registers the object owns its master data (docs/SUBJECT-WRITE.md, "Who owns what")
        return new Subject(code, "ATTACHED_OBJECT", type, name, List.of(), null, null, owner, REGISTRARS.get(department), region, units.get(region),
                null, List.of(), "ACTIVE", establishedOn(), null,
                new Subject.Risk(risk, null, List.of(department + ":" + risk), LocalDate.of(2026, 10, 1)), List.of(), licences,
                List.of(), List.of(), List.of(), List.of(), List.of(), updatedAt);
    }

    /**
     * Registration authority + type (2), the district (6), an organisation code (9: "MA" + 6
     * characters that are a bijection of the index, + the GB 11714 check) and the GB 32100 check.
     */
    static String creditCode(String prefix, long index) {
        long permuted = Math.floorMod(index * 1_000_003L + 7_777L, 887_503_681L); // 31^6
        StringBuilder body = new StringBuilder("MA");
        char[] digits = new char[6];
        for (int i = 5; i >= 0; i--) {
            digits[i] = CreditCode.CHARSET.charAt((int) (permuted % 31));
            permuted /= 31;
        }
        body.append(digits);
        String organisation = body + String.valueOf(CreditCode.organisationCheck(body.toString()));
        return CreditCode.complete(prefix + "330109" + organisation);
    }

    /** ISO 7064 MOD 11-2, the check of a resident identity number (GB 11643). */
    static char idCheck(String body17) {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body17.charAt(i) - '0') * weights[i];
        }
        return "10X98765432".charAt(sum % 11);
    }

    private static String plate(long n) {
        String letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        long v = Math.floorMod(n * 7_919L, 24L * 10_000L);
        return letters.charAt((int) (v / 10_000)) + String.format("%04d", v % 10_000);
    }

    private Trade trade(boolean shop) {
        while (true) {
            double r = random.nextDouble();
            for (int i = 0; i < cumulative.length; i++) {
                if (r <= cumulative[i]) {
                    Trade t = TRADES.get(i);
                    if (!shop || t.shops()) {
                        return t;
                    }
                    break;
                }
            }
        }
    }

    private String riskClass() {
        double r = random.nextDouble();
        return r < 0.35 ? "A" : r < 0.85 ? "B" : r < 0.97 ? "C" : "D";
    }

    /** A department's industry class stays near the comprehensive one. */
    private String shiftedClass(String risk) {
        int shift = random.nextInt(10) < 7 ? 0 : random.nextBoolean() ? 1 : -1;
        int c = Math.max(0, Math.min(3, risk.charAt(0) - 'A' + shift));
        return String.valueOf((char) ('A' + c));
    }

    private Double capital(String type) {
        return switch (type) {
            case "ENTERPRISE" -> {
                double[] steps = {10, 30, 50, 100, 100, 200, 300, 500, 500, 1000, 2000, 5000, 10000};
                yield steps[random.nextInt(steps.length)];
            }
            case "INDIVIDUAL_BUSINESS" -> (double) (1 + random.nextInt(30));
            case "COOPERATIVE" -> (double) (10 * (1 + random.nextInt(50)));
            default -> (double) (3 + random.nextInt(50));
        };
    }

    private LocalDate establishedOn() {
        double r = random.nextDouble();
        int daysBack = (int) (r * r * 31 * 365);
        return asOf.minusDays(1 + daysBack);
    }

    private String address(String townName) {
        return "浙江省杭州市萧山区" + townName + pick(ROAD) + (1 + random.nextInt(999)) + "号";
    }

    private String personName() {
        return pick(SURNAME) + pick(GIVEN) + (random.nextInt(3) == 0 ? pick(GIVEN).substring(0, 1) : "");
    }

    private static String shortTown(String name) {
        return name.replace("街道", "").replace("镇", "");
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static Trade trade(String industry, String companyWord, String shopWord, double weight, String licences,
                               String departments, boolean shops) {
        return new Trade(industry, companyWord, shopWord, weight, licences.isEmpty() ? List.of() : List.of(licences.split(" ")),
                List.of(departments.split(" ")), shops);
    }
}
