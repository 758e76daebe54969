import { AuthPage } from "@/components/auth-page";

export const metadata = { title: "Sign up" };
export const dynamic = "force-dynamic";

export default function SignUpPage() {
  return <AuthPage mode="sign-up" />;
}
