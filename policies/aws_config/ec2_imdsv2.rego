# METADATA
# title: Running instances require IMDSv2 and have no public IP
# description: An AWS::EC2::Instance (not terminated) has configuration.metadataOptions.httpTokens "required" (or the endpoint disabled), and no public IP (publicIpAddress, networkInterfaces[].association.publicIp).
# custom:
#   id: CFG-EC2-IMDSV2
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-annex11:12.1"]
#   remediation: Require IMDSv2 (aws ec2 modify-instance-metadata-options --http-tokens required --http-put-response-hop-limit 1) and run the instance in a private subnet without a public IP (reach it with SSM Session Manager).
#   kinds: [aws-config]
package evident.checks.aws_config.ec2_imdsv2

import data.evident.lib.aws_config as cfg

running if {
	cfg.resource_type == "AWS::EC2::Instance"
	not cfg.conf(["state", "name"]) in {"terminated", "shutting-down"}
}

violation contains {
	"msg": sprintf("%s accepts IMDSv1 (httpTokens %q); require IMDSv2 with httpTokens = required", [cfg.display, tokens]),
	"path": "configuration.metadataOptions.httpTokens",
} if {
	running
	not cfg.conf(["metadataOptions", "httpEndpoint"]) == "disabled"
	not cfg.conf(["metadataOptions", "httpTokens"]) == "required"
}

violation contains {
	"msg": sprintf("%s has the public IP %s; run it in a private subnet without a public address", [cfg.display, ip]),
	"path": path,
} if {
	running
	some [path, ip] in public_ips
}

public_ips contains ["configuration.publicIpAddress", ip] if {
	ip := cfg.conf(["publicIpAddress"])
	cfg.non_empty(ip)
}

public_ips contains [sprintf("configuration.networkInterfaces[%d].association.publicIp", [i]), ip] if {
	not cfg.non_empty(cfg.conf(["publicIpAddress"]))
	some i, ni in cfg.as_array(cfg.conf(["networkInterfaces"]))
	ip := cfg.get(ni, ["association", "publicIp"])
	cfg.non_empty(ip)
}

default tokens := "unset"

tokens := cfg.conf(["metadataOptions", "httpTokens"])
