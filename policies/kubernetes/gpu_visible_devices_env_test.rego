package evident.checks.kubernetes.gpu_visible_devices_env_test

import rego.v1

import data.evident.checks.kubernetes.gpu_visible_devices_env as check
import data.evident.test.kubernetes as fx

_env(value) := object.union(fx.container, {"env": [{"name": "LOG_LEVEL", "value": "info"}, {"name": "NVIDIA_VISIBLE_DEVICES", "value": value}]})

test_compliant_is_silent if {
	count(check.violation) == 0 with input as fx.pod(fx.pod_spec)
}

test_all_without_gpu_request if {
	vs := check.violation with input as fx.deployment(fx.with_container(fx.pod_spec, _env("all")))
	fx.paths(vs) == {"spec.template.spec.containers[0].env[1]"}
	some v in vs
	contains(v.msg, `sets NVIDIA_VISIBLE_DEVICES="all" without requesting a GPU`)
}

test_device_ids_in_init_container if {
	spec := object.union(fx.pod_spec, {"initContainers": [object.union(_env("0,1"), {"name": "warmup"})]})
	fx.paths(check.violation) == {"spec.initContainers[0].env[1]"} with input as fx.pod(spec)
}

test_void_is_harmless if {
	count(check.violation) == 0 with input as fx.pod(fx.with_container(fx.pod_spec, _env("void")))
}

test_with_gpu_request_is_fine if {
	c := object.union(_env("all"), {"resources": {"limits": {"nvidia.com/gpu": 1}}})
	count(check.violation) == 0 with input as fx.pod(fx.with_container(fx.pod_spec, c))
}

test_value_from if {
	c := object.union(fx.container, {"env": [{"name": "NVIDIA_VISIBLE_DEVICES", "valueFrom": {"configMapKeyRef": {"name": "gpu", "key": "devices"}}}]})
	count(check.violation) == 1 with input as fx.pod(fx.with_container(fx.pod_spec, c))
}
