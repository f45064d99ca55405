-- Argo CD health check for asm.alauda.io/v1alpha1 CanaryDelivery (Flagger-style phases).
-- argocd-cm key: resource.customizations.health.asm.alauda.io_CanaryDelivery
local hs = { status = "Progressing", message = "Waiting for the CanaryDelivery controller" }
if obj.status == nil or type(obj.status.phase) ~= "string" then
  return hs
end
if obj.metadata ~= nil and obj.status.observedGeneration ~= nil and obj.metadata.generation ~= nil
    and obj.status.observedGeneration < obj.metadata.generation then
  hs.message = "Waiting for the controller to observe generation " .. obj.metadata.generation
  return hs
end
local phase = obj.status.phase
hs.message = "CanaryDelivery " .. phase
if type(obj.status.conditions) == "table" then
  for _, c in ipairs(obj.status.conditions) do
    if c.type == "Promoted" and type(c.message) == "string" and c.message ~= "" then
      hs.message = c.message
    end
  end
end
if phase == "Initialized" or phase == "Succeeded" then
  hs.status = "Healthy"
elseif phase == "Failed" then
  hs.status = "Degraded"
elseif phase == "Waiting" or phase == "WaitingPromotion" then
  hs.status = "Suspended"
elseif phase == "Terminated" then
  hs.status = "Unknown"
elseif obj.spec ~= nil and obj.spec.suspend == true then
  hs.status = "Suspended"
  hs.message = "CanaryDelivery is suspended"
end
return hs
