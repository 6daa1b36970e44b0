"""deploy/grafana/agora.json is an importable Grafana dashboard (no stack needed)."""
import json
import os

from conftest import REPO

DASHBOARD = os.path.join(REPO, "deploy", "grafana", "agora.json")


def load():
    with open(DASHBOARD) as f:
        return json.load(f)


def test_dashboard_is_importable():
    board = load()
    assert [i["name"] for i in board["__inputs"]] == ["DS_PROMETHEUS"]
    assert board["schemaVersion"] >= 36 and board["uid"] and board["title"]
    ids = [panel["id"] for panel in board["panels"]]
    assert len(ids) == len(set(ids)), ids
    variables = {v["name"]: v for v in board["templating"]["list"]}
    assert variables["function"]["query"]["query"] == "label_values(agora_requests_total, function)"
    for panel in board["panels"]:
        for target in panel.get("targets", []):
            assert target["datasource"]["uid"] == "${DS_PROMETHEUS}"
            assert "$function" in target["expr"], target["expr"]


def test_dashboard_queries_the_agreed_metrics():
    exprs = " ".join(t["expr"] for p in load()["panels"] for t in p.get("targets", []))
    for metric in ("agora_requests_total", "agora_request_duration_seconds_bucket", "agora_pool_workers",
                   "agora_pool_max_workers", "agora_pool_listen_queue", "agora_pool_max_workers_reached_total",
                   "agora_pool_worker_resident_bytes", "agora_client_aborts_total"):
        assert metric in exprs, metric
    assert 'status=~"5.."' in exprs and 'status=~"4.."' in exprs
    assert "histogram_quantile(0.99, sum by (function, le)" in exprs
