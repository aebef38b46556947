package evident.checks.kubernetes.resource_limits_test

import rego.v1

import data.evident.checks.kubernetes.resource_limits as check
import data.evident.test.kubernetes as fx

_gpu := object.union(fx.container, {"resources": {"limits": {"nvidia.com/gpu": 1}}})

test_compliant_is_silent if {
	count(check.violation) == 0 with input as fx.deployment(fx.pod_spec)
}

test_missing_requests_and_memory_limit if {
	c := json.remove(fx.container, ["resources"])
	fx.paths(check.violation) == {
		"spec.containers[0].resources.requests.cpu",
		"spec.containers[0].resources.requests.memory",
		"spec.containers[0].resources.limits.memory",
	} with input as fx.pod(fx.with_container(fx.pod_spec, c))
}

test_cpu_limit_not_required if {
	c := json.remove(fx.container, ["resources/limits/cpu"])
	count(check.violation) == 0 with input as fx.pod(fx.with_container(fx.pod_spec, c))
}

test_ephemeral_containers_exempt_from_resources if {
	spec := object.union(fx.pod_spec, {"ephemeralContainers": [{"name": "dbg", "image": fx.image}]})
	count(check.violation) == 0 with input as fx.pod(spec)
}

test_gpu_in_allowed_namespace_by_label if {
	inp := fx.pytorchjob(fx.with_container(fx.pod_spec, _gpu), fx.with_container(fx.pod_spec, _gpu))
	count(check.violation) == 0 with input as inp with data.inventory as fx.inventory({"research": {"gpu-allowed": "true"}})
}

test_gpu_in_namespace_not_allowed if {
	inp := fx.pytorchjob(fx.with_container(fx.pod_spec, _gpu), fx.pod_spec)
	vs := check.violation with input as inp with data.inventory as fx.inventory({"research": {}})
	fx.paths(vs) == {"spec.pytorchReplicaSpecs.Master.template.spec.containers[0].resources.limits"}
	some v in vs
	contains(v.msg, `namespace "research" is not GPU-allowed`)
}

test_gpu_allowed_namespaces_config if {
	inp := fx.pytorchjob(fx.with_container(fx.pod_spec, _gpu), fx.pod_spec)
	count(check.violation) == 0 with input as inp with data.evident.config.gpu_allowed_namespaces as ["research"]
}

test_gpu_request_without_limit_and_mismatch if {
	c := object.union(fx.container, {"resources": {"requests": {"nvidia.com/gpu": 2, "nvidia.com/mig-1g.10gb": 1}, "limits": {"nvidia.com/gpu": 1}}})
	vs := check.violation with input as fx.pod(fx.with_container(fx.pod_spec, c)) with data.evident.config.gpu_allowed_namespaces as ["lims"]
	fx.paths(vs) == {
		`spec.containers[0].resources.limits["nvidia.com/mig-1g.10gb"]`,
		`spec.containers[0].resources.requests["nvidia.com/gpu"]`,
	}
}

test_string_and_number_quantities_equal if {
	c := object.union(fx.container, {"resources": {"requests": {"nvidia.com/gpu": "1"}, "limits": {"nvidia.com/gpu": "1"}}})
	count(check.violation) == 0 with input as fx.pod(fx.with_container(fx.pod_spec, c)) with data.evident.config.gpu_allowed_namespaces as ["lims"]
}

test_kserve_predictor_gpu if {
	isvc := fx.inferenceservice({"serviceAccountName": "tox", "model": object.union(_gpu, {"modelFormat": {"name": "pytorch"}})})
	fx.paths(check.violation) == {"spec.predictor.model.resources.limits"} with input as isvc
}
