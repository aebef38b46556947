package evident.checks.kubernetes.service_not_internet_facing_test

import rego.v1

import data.evident.checks.kubernetes.service_not_internet_facing as check
import data.evident.test.kubernetes as fx

_service(annotations, extra) := object.union({
	"apiVersion": "v1", "kind": "Service",
	"metadata": {"name": "tox-api", "namespace": "claims", "annotations": annotations},
	"spec": {"type": "LoadBalancer", "selector": {"app": "tox"}, "ports": [{"port": 443, "targetPort": 8443}]},
}, extra)

_phi := fx.inventory({"claims": {"data-classification": "phi"}})

test_internal_nlb if {
	svc := _service({"service.beta.kubernetes.io/aws-load-balancer-type": "external", "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal"}, {})
	count(check.violation) == 0 with input as svc with data.inventory as _phi
}

test_controller_defaults_to_internal if {
	svc := _service({"service.beta.kubernetes.io/aws-load-balancer-type": "external"}, {})
	count(check.violation) == 0 with input as svc with data.inventory as _phi
}

test_internet_facing_scheme if {
	svc := _service({"service.beta.kubernetes.io/aws-load-balancer-type": "external", "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing"}, {})
	fx.paths(check.violation) == {`metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"]`} with input as svc with data.inventory as _phi
}

test_in_tree_default_is_public if {
	vs := check.violation with input as _service({}, {}) with data.inventory as _phi
	fx.paths(vs) == {"spec.type"}
	count(check.violation) == 0 with input as _service({"service.beta.kubernetes.io/aws-load-balancer-internal": "true"}, {}) with data.inventory as _phi
}

test_not_regulated_namespace if {
	count(check.violation) == 0 with input as _service({}, {}) with data.inventory as fx.inventory({"claims": {"data-classification": "internal"}})
}

test_cluster_ip if {
	count(check.violation) == 0 with input as _service({}, {"spec": {"type": "ClusterIP"}}) with data.inventory as _phi
}

test_public_alb_ingress if {
	ing := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "tox", "namespace": "claims", "annotations": {"alb.ingress.kubernetes.io/scheme": "internet-facing"}}, "spec": {"ingressClassName": "alb"}}
	count(check.violation) == 1 with input as ing with data.evident.config.phi_namespaces as ["claims"]
	count(check.violation) == 0 with input as ing
}
