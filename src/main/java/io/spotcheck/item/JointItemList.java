package io.spotcheck.item;

import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.elasticsearch.annotations.Document;
import org.springframework.data.elasticsearch.annotations.WriteTypeHint;

/**
 * A joint item list (部门联合抽查事项清单) of one level; a city's or district's list inherits its
 * parent's items and adds local ones. Stored in the {@code item_lists} alias.
 */
@Document(indexName = "#{@indexNames.alias('item_lists')}", createIndex = false, writeTypeHint = WriteTypeHint.FALSE)
public record JointItemList(@Id String id, String level, String regionCode, String name, String parentId, List<String> itemCodes) {}
