package io.spotcheck.publication;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotcheck.department.Department;
import io.spotcheck.department.DepartmentDirectory;
import io.spotcheck.item.Item;
import io.spotcheck.item.ItemStore;
import io.spotcheck.review.ResultView;
import io.spotcheck.review.ReviewStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Service;

/**
 * Published results as JSON lines in the field layout of the national enterprise credit
 * information publicity system's spot-check results (国家企业信用信息公示系统 · 抽查检查结果信息),
 * one line per result, masked like {@link PublishedResult}. Streams: pages of 500 over a point in
 * time in index order (not by id: an id ends in the subject's code), each written and dropped before the next is read, so memory stays constant
 * however many results a task has.
 */
@Service
public class PublicationExport {

    static final int PAGE = 500;

    /** The Chinese field names, in order. */
    public static final List<String> FIELDS = List.of("统一社会信用代码/注册号", "企业名称", "检查实施机关", "检查站所", "检查类型",
            "检查日期", "检查结果", "抽查任务编号", "抽查任务名称", "抽查事项", "联合抽查", "公示日期");

    private final ReviewStore store;
    private final DepartmentDirectory directory;
    private final ItemStore items;
    private final ObjectMapper json;

    public PublicationExport(ReviewStore store, DepartmentDirectory directory, ItemStore items, ObjectMapper json) {
        this.store = store;
        this.directory = directory;
        this.items = items;
        this.json = json;
    }

    /** Writes every published result matching {@code filter}; returns the number of lines. */
    public long write(PublishedResults.Filter filter, OutputStream out) {
        Map<String, Department> departments = new HashMap<>();
        Map<String, String> agencies = new HashMap<>();
        for (Department d : directory.allDepartments()) {
            departments.put(d.code(), d);
            if (d.agencies() != null) {
                d.agencies().forEach(a -> agencies.put(a.id(), a.name()));
            }
        }
        Map<String, String> itemNames = new HashMap<>();
        long[] lines = {0};
        store.walk(PublishedResults.query(filter), PAGE, batch -> {
            List<String> unknown = batch.results().stream().flatMap(v -> v.result().itemCodes() == null ? java.util.stream.Stream.empty()
                    : v.result().itemCodes().stream()).filter(c -> !itemNames.containsKey(c)).distinct().toList();
            if (!unknown.isEmpty()) {
                Map<String, Item> found = items.get(unknown);
                unknown.forEach(c -> itemNames.put(c, found.containsKey(c) ? found.get(c).name() : c));
            }
            try {
                for (ReviewStore.Versioned v : batch.results()) {
                    out.write(json.writeValueAsBytes(line(v.result(), departments, agencies, itemNames::get)));
                    out.write('\n');
                    lines[0]++;
                }
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return lines[0];
    }

    /**
     * Text a spreadsheet would run as a formula once the lines are converted to a table (OWASP's
     * "CSV injection"): a value starting with {@code = + - @}, a tab or a carriage return gets a
     * leading apostrophe, which spreadsheets read as "this is text" and do not display. Everything
     * else is exported as stored.
     */
    static String inert(String text) {
        if (text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ? "'" + text : text;
    }

    static Map<String, Object> line(ResultView r, Map<String, Department> departments, Map<String, String> agencies,
                                    Function<String, String> itemName) {
        PublishedResult p = PublishedResult.of(r);
        Department d = departments.get(r.department());
        Map<String, Object> line = new LinkedHashMap<>();
        line.put(FIELDS.get(0), p.subjectCode());
        line.put(FIELDS.get(1), p.subjectName());
        line.put(FIELDS.get(2), d == null ? r.department() : d.name());
        line.put(FIELDS.get(3), r.agency() == null ? null : agencies.getOrDefault(r.agency(), r.agency()));
        line.put(FIELDS.get(4), "双随机抽查");
        line.put(FIELDS.get(5), r.inspectionDate() == null ? null : r.inspectionDate().toString());
        line.put(FIELDS.get(6), String.join("；", p.resultCodes().stream().map(ResultLabels::label).toList()));
        line.put(FIELDS.get(7), r.taskId());
        line.put(FIELDS.get(8), r.taskName());
        List<String> names = new ArrayList<>();
        p.itemCodes().forEach(c -> names.add(itemName.apply(c) == null ? c : itemName.apply(c)));
        line.put(FIELDS.get(9), String.join("；", names));
        line.put(FIELDS.get(10), Boolean.TRUE.equals(r.joint()) ? "是" : "否");
        line.replaceAll((field, value) -> value instanceof String text ? inert(text) : value);
        line.put(FIELDS.get(11), r.publishedAt() == null ? null
                : r.publishedAt().atZoneSameInstant(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString());
        return line;
    }
}
