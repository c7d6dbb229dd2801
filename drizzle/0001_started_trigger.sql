ALTER TABLE "appointment_snapshots" ADD COLUMN "starts_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appointment_snapshots" ADD COLUMN "status" text;--> statement-breakpoint
ALTER TABLE "poll_states" ADD COLUMN "started_through" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "appointment_snapshots_starts_idx" ON "appointment_snapshots" USING btree ("connection_id","starts_at");