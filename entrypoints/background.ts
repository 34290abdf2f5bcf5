export default defineBackground(() => {
  console.log('wirecheck background');
});
