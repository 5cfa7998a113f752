export default function CasePage() {
  return <h1>Case</h1>;
}
