export default function CasesPage() {
  return <h1>Cases</h1>;
}
