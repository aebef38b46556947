# METADATA
# title: EKS control-plane logging disabled or API endpoint opened
# description: |
#   A successful UpdateClusterConfig that disables control-plane log types in eks_required_log_types
#   (audit, authenticator), or an UpdateClusterConfig/CreateCluster that leaves the API endpoint public
#   to 0.0.0.0/0 (endpointPublicAccess true, or not set on CreateCluster, with publicAccessCidrs absent or
#   containing 0.0.0.0/0).
# custom:
#   id: CT-EKS-LOGGING-DISABLED-OR-ENDPOINT-PUBLIC
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "hipaa:164.312(b)", "gxp-part11:11.10(d)", "gxp-part11:11.10(e)", "gxp-part11:11.10(g)", "gxp-annex11:9", "gxp-annex11:12.1", "gxp-annex11:12.4"]
#   remediation: "Re-enable the audit and authenticator logs (aws eks update-cluster-config --logging) and make the endpoint private, or restrict publicAccessCidrs to known ranges, from infrastructure code."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.eks_logging_disabled_or_endpoint_public

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": sprintf("requestParameters.logging.clusterLogging[%d]", [i])} if {
	some r in ct.records
	ct.call(r, "eks.amazonaws.com", {"UpdateClusterConfig"})
	p := ct.params(r)
	some i, entry in ct.as_list(p.logging.clusterLogging)
	ct.falsy(entry.enabled)
	off := [t | some t in entry.types; t in ct.eks_required_log_types]
	count(off) > 0
	msg := sprintf("%s disabled the %s control-plane logs of EKS cluster %q; enable them again", [ct.describe(r), concat(", ", off), _cluster(p)])
}

violation contains {"msg": msg, "path": "requestParameters.resourcesVpcConfig.endpointPublicAccess"} if {
	some r in ct.records
	ct.call(r, "eks.amazonaws.com", {"UpdateClusterConfig", "CreateCluster"})
	p := ct.params(r)
	vpc := p.resourcesVpcConfig
	_public(ct.event_name(r), vpc)
	_open(vpc)
	msg := sprintf("%s left the API endpoint of EKS cluster %q public to the whole internet; disable endpointPublicAccess or restrict publicAccessCidrs", [ct.describe(r), _cluster(p)])
}

_public("UpdateClusterConfig", vpc) if ct.truthy(vpc.endpointPublicAccess)

_public("CreateCluster", vpc) if not ct.falsy(vpc.endpointPublicAccess)

_open(vpc) if not vpc.publicAccessCidrs

_open(vpc) if "0.0.0.0/0" in vpc.publicAccessCidrs

_cluster(p) := object.get(p, "name", object.get(p, "clusterName", "?"))
