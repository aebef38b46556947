package evident.checks.kubernetes.sa_token_automount_test

import rego.v1

import data.evident.checks.kubernetes.sa_token_automount as check
import data.evident.test.kubernetes as fx

test_dedicated_service_account_is_silent if {
	count(check.violation) == 0 with input as fx.deployment(fx.pod_spec)
}

test_no_service_account if {
	spec := json.remove(fx.pod_spec, ["serviceAccountName", "automountServiceAccountToken"])
	vs := check.violation with input as fx.deployment(spec)
	fx.paths(vs) == {"spec.template.spec"}
	some v in vs
	contains(v.msg, "default ServiceAccount and does not disable token automounting")
}

test_explicit_default if {
	spec := object.union(fx.pod_spec, {"serviceAccountName": "default"})
	fx.paths(check.violation) == {"spec.serviceAccountName"} with input as fx.pod(spec)
}

test_deprecated_service_account_field if {
	spec := object.union(json.remove(fx.pod_spec, ["serviceAccountName"]), {"serviceAccount": "lims-api"})
	count(check.violation) == 0 with input as fx.pod(spec)
}

test_default_service_account_object if {
	sa := {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": "lims"}}
	fx.paths(check.violation) == {"automountServiceAccountToken"} with input as sa
	count(check.violation) == 0 with input as object.union(sa, {"automountServiceAccountToken": false})
}

test_dedicated_service_account_object_is_silent if {
	sa := {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "lims-api", "namespace": "lims", "annotations": {"eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/lims-api"}}}
	count(check.violation) == 0 with input as sa
}
