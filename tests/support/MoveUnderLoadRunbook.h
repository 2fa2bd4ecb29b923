#pragma once

/**
 * The runbook the kill -9 tests run (tst_runbookkill from the CLI, tst_runbookresume from the
 * console's Resume button): a health check, a reshard of slots 0-4999 between two named masters
 * (the action cut off by the kill), then a wait until every node agrees.
 */
namespace runbooktest {

inline constexpr char kMoveUnderLoad[] =
    "id: move-under-load\ntitle: Move slots under load\napplies_to: cluster\ninputs:\n"
    "  - {name: from, type: node, required: true}\n"
    "  - {name: to, type: node, required: true}\n"
    "steps:\n"
    "  - id: healthy\n    title: Healthy before it changes\n"
    "    check: cluster.state == \"ok\" and cluster.open_slots == 0\n"
    "  - id: move\n    title: Move slots 0-4999\n"
    "    action: {name: reshard, params: {from: \"${inputs.from}\", to: \"${inputs.to}\", ranges: \"0-4999\"}}\n"
    "  - id: agreed\n    title: Every node's view agrees\n"
    "    wait: {until: cluster.state == \"ok\" and cluster.slots_covered == 16384 and cluster.open_slots == 0, timeout: 30s}\n";

} // namespace runbooktest
