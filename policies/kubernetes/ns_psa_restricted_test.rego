package evident.checks.kubernetes.ns_psa_restricted_test

import rego.v1

import data.evident.checks.kubernetes.ns_psa_restricted as check
import data.evident.test.kubernetes as fx

test_phi_restricted if {
	count(check.violation) == 0 with input as fx.namespace("claims", {"data-classification": "phi", "pod-security.kubernetes.io/enforce": "restricted"})
}

test_phi_baseline if {
	vs := check.violation with input as fx.namespace("claims", {"data-classification": "phi", "pod-security.kubernetes.io/enforce": "baseline"})
	fx.paths(vs) == {`metadata.labels["pod-security.kubernetes.io/enforce"]`}
	some v in vs
	contains(v.msg, `holds PHI data but enforces the "baseline" Pod Security level`)
}

test_gxp_unlabelled_psa if {
	vs := check.violation with input as fx.admission("CREATE", fx.namespace("qc", {"data-classification": "GxP"}), null)
	some v in vs
	contains(v.msg, "holds GxP data but does not enforce a Pod Security level")
}

test_internal_needs_nothing if {
	count(check.violation) == 0 with input as fx.namespace("tools", {"data-classification": "internal"})
}

test_configured_namespace_list if {
	count(check.violation) == 1 with input as fx.namespace("qc", {}) with data.evident.config.gxp_namespaces as ["qc"]
}
