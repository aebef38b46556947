package evident.checks.kubernetes.host_namespaces_and_ports_test

import rego.v1

import data.evident.checks.kubernetes.host_namespaces_and_ports as check
import data.evident.test.kubernetes as fx

test_compliant_is_silent if {
	count(check.violation) == 0 with input as fx.pod(fx.pod_spec)
}

test_host_namespaces if {
	spec := object.union(fx.pod_spec, {"hostNetwork": true, "hostPID": true, "hostIPC": false})
	fx.paths(check.violation) == {"spec.template.spec.hostNetwork", "spec.template.spec.hostPID"} with input as fx.deployment(spec)
}

test_host_ipc_string_true if {
	fx.paths(check.violation) == {"spec.hostIPC"} with input as fx.pod(object.union(fx.pod_spec, {"hostIPC": "true"}))
}

test_host_port if {
	c := object.union(fx.container, {"ports": [{"containerPort": 8080}, {"containerPort": 9090, "hostPort": 9090}]})
	vs := check.violation with input as fx.pod(fx.with_container(fx.pod_spec, c))
	fx.paths(vs) == {"spec.containers[0].ports[1].hostPort"}
	some v in vs
	contains(v.msg, "binds host port 9090")
}

test_host_port_zero_is_fine if {
	c := object.union(fx.container, {"ports": [{"containerPort": 8080, "hostPort": 0}]})
	count(check.violation) == 0 with input as fx.pod(fx.with_container(fx.pod_spec, c))
}

test_mpijob_launcher if {
	job := {"apiVersion": "kubeflow.org/v2beta1", "kind": "MPIJob", "metadata": {"name": "alphafold-msa", "namespace": "research"}, "spec": {"mpiReplicaSpecs": {
		"Launcher": {"template": {"spec": object.union(fx.pod_spec, {"hostNetwork": true})}},
		"Worker": {"template": {"spec": fx.pod_spec}},
	}}}
	fx.paths(check.violation) == {"spec.mpiReplicaSpecs.Launcher.template.spec.hostNetwork"} with input as job
}
