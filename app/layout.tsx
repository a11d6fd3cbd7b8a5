import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";
import { Providers } from "@/components/providers";

export const metadata: Metadata = {
  title: "Hookline",
  description: "Signed webhooks for every new record your saved searches find — delivered, retried and monitored.",
};

export default async function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  // Every page renders per request: the Content-Security-Policy's nonce (proxy.ts) is new each time,
  // and Next can only put it on the scripts of a page it renders now, not of one prerendered at build.
  await connection();
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
