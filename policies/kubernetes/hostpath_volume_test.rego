package evident.checks.kubernetes.hostpath_volume_test

import rego.v1

import data.evident.checks.kubernetes.hostpath_volume as check
import data.evident.test.kubernetes as fx

_spec := object.union(fx.pod_spec, {
	"containers": [object.union(fx.container, {"volumeMounts": [{"name": "dev", "mountPath": "/dev/nvidia0"}]})],
	"volumes": [{"name": "dev", "hostPath": {"path": "/dev/nvidia0", "type": "CharDevice"}}],
})

test_compliant_is_silent if {
	count(check.violation) == 0 with input as fx.deployment(fx.pod_spec)
}

test_nvidia_device_hostpath if {
	vs := check.violation with input as fx.deployment(_spec)
	fx.paths(vs) == {"spec.template.spec.volumes[0].hostPath"}
	some v in vs
	contains(v.msg, `volume "dev" mounts the node path "/dev/nvidia0" (host devices`)
	contains(v.msg, `mounted by "api"`)
}

test_runtime_socket_in_raycluster_worker if {
	worker := object.union(fx.pod_spec, {"volumes": [{"name": "sock", "hostPath": {"path": "/run/containerd/containerd.sock"}}]})
	vs := check.violation with input as fx.raycluster(fx.pod_spec, worker)
	fx.paths(vs) == {"spec.workerGroupSpecs[0].template.spec.volumes[0].hostPath"}
	some v in vs
	contains(v.msg, "container runtime socket")
}

test_exempt_namespace if {
	ds := object.union(fx.deployment(_spec), {"kind": "DaemonSet", "metadata": {"namespace": "kube-system"}})
	count(check.violation) == 0 with input as ds
}
