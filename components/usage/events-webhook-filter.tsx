"use client";
// The events list's webhook filter: changing it reloads the list with the other filters kept.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Select } from "@/components/ui/field";

export function EventsWebhookFilter({ webhooks, value }: { webhooks: { id: string; name: string }[]; value: string | null }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  return (
    <div>
      <label className="sr-only" htmlFor="events-webhook">
        Webhook
      </label>
      <Select
        id="events-webhook"
        className="w-56"
        value={value ?? ""}
        onChange={(e) => {
          const params = new URLSearchParams(searchParams.toString());
          if (e.target.value) params.set("webhook_id", e.target.value);
          else params.delete("webhook_id");
          params.delete("before");
          router.push(`${pathname}?${params}`);
        }}
      >
        <option value="">All webhooks</option>
        {webhooks.map((webhook) => (
          <option key={webhook.id} value={webhook.id}>
            {webhook.name}
          </option>
        ))}
      </Select>
    </div>
  );
}
