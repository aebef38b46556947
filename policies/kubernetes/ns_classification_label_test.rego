package evident.checks.kubernetes.ns_classification_label_test

import rego.v1

import data.evident.checks.kubernetes.ns_classification_label as check
import data.evident.test.kubernetes as fx

test_classified if {
	count(check.violation) == 0 with input as fx.namespace("lims", {"data-classification": "confidential"})
	count(check.violation) == 0 with input as fx.namespace("lims", {"data-classification": "gxp", "gxp-system-id": "CSV-0042"})
}

test_missing_label if {
	vs := check.violation with input as fx.namespace("team-a", {"team": "a"})
	fx.paths(vs) == {"metadata.labels"}
	some v in vs
	contains(v.msg, `Namespace "team-a" has no "data-classification" label`)
}

test_unknown_value if {
	fx.paths(check.violation) == {`metadata.labels["data-classification"]`} with input as fx.namespace("team-a", {"data-classification": "secret"})
}

test_gxp_without_system_id if {
	vs := check.violation with input as fx.namespace("qc", {"data-classification": "gxp"})
	count(vs) == 1
	some v in vs
	contains(v.msg, "gxp-system-id")
}

test_system_namespace_exempt if {
	count(check.violation) == 0 with input as fx.namespace("kube-system", {})
}

test_not_a_namespace if {
	count(check.violation) == 0 with input as fx.pod(fx.pod_spec)
}

test_custom_label_key if {
	count(check.violation) == 0 with input as fx.namespace("x", {"example.com/classification": "internal"}) with data.evident.config.classification_label as "example.com/classification"
}
