package evident.checks.kubernetes.gxp_workload_traceability_test

import rego.v1

import data.evident.checks.kubernetes.gxp_workload_traceability as check
import data.evident.test.kubernetes as fx

_gxp := fx.inventory({"lims": {"data-classification": "gxp", "gxp-system-id": "CSV-0042"}})

test_labelled_deployment if {
	count(check.violation) == 0 with input as fx.deployment(fx.pod_spec) with data.inventory as _gxp
}

test_missing_change_id if {
	d := json.remove(fx.deployment(fx.pod_spec), ["metadata/labels/gxp.validation~1change-id", "spec/template/metadata/labels/gxp.validation~1change-id"])
	vs := check.violation with input as d with data.inventory as _gxp
	fx.paths(vs) == {"metadata.labels", "spec.template.metadata.labels"}
	every v in vs {
		contains(v.msg, "gxp.validation/change-id")
	}
}

test_pod_without_labels if {
	p := json.remove(fx.pod(fx.pod_spec), ["metadata/labels"])
	count(check.violation) == 3 with input as p with data.inventory as _gxp
}

test_not_gxp if {
	p := json.remove(fx.pod(fx.pod_spec), ["metadata/labels"])
	count(check.violation) == 0 with input as p
}

test_not_a_workload if {
	cm := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x", "namespace": "lims"}, "data": {}}
	count(check.violation) == 0 with input as cm with data.inventory as _gxp
}

test_notebook_labels_on_the_object if {
	count(check.violation) == 0 with input as fx.notebook(fx.pod_spec) with data.inventory as fx.inventory({"research": {"data-classification": "gxp"}})
	nb := json.remove(fx.notebook(fx.pod_spec), ["metadata/labels/app.kubernetes.io~1version"])
	fx.paths(check.violation) == {"metadata.labels"} with input as nb with data.inventory as fx.inventory({"research": {"data-classification": "gxp"}})
}
