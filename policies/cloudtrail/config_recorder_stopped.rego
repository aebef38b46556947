# METADATA
# title: AWS Config recording or delivery was stopped
# description: |
#   A successful StopConfigurationRecorder, DeleteConfigurationRecorder or DeleteDeliveryChannel:
#   configuration history (the change record of every resource) stops being captured or delivered.
# custom:
#   id: CT-CONFIG-RECORDER-STOPPED
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(A)", "hipaa:164.308(a)(1)(ii)(D)", "hipaa:164.308(a)(6)(ii)", "gxp-part11:11.10(a)", "gxp-part11:11.10(k)", "gxp-part11:11.300(d)", "gxp-annex11:1", "gxp-annex11:4.2", "gxp-annex11:4.5", "gxp-annex11:4.6", "gxp-annex11:10", "gxp-annex11:13"]
#   remediation: "Restart the recorder (aws configservice start-configuration-recorder) or recreate the recorder and delivery channel from infrastructure code, investigate the change, and deny these actions with an SCP outside break-glass."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.config_recorder_stopped

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": "eventName"} if {
	some r in ct.records
	ct.call(r, "config.amazonaws.com", {"StopConfigurationRecorder", "DeleteConfigurationRecorder", "DeleteDeliveryChannel"})
	p := ct.params(r)
	target := object.get(p, "configurationRecorderName", object.get(p, "deliveryChannelName", "?"))
	msg := sprintf("%s: AWS Config %s (%s); restart recording/delivery and investigate", [ct.describe(r), _what[ct.event_name(r)], target])
}

_what := {
	"StopConfigurationRecorder": "recording was stopped",
	"DeleteConfigurationRecorder": "recorder was deleted",
	"DeleteDeliveryChannel": "delivery channel was deleted",
}
