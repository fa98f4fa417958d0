package io.spotcheck.item;

import java.util.List;

/**
 * A joint item list (部门联合抽查事项清单) of one level; a city's or district's list inherits its
 * parent's items and adds local ones.
 */
public record JointItemList(String id, String level, String regionCode, String name, String parentId, List<String> itemCodes) {}
